/** Test fixtures: .roomodes files as Roo Code users have them. */

/** Shaped like a .roomodes a Roo Code user commits (YAML, the extension's default). */
export const ROOMODES_YAML = `customModes:
  - slug: docs-writer
    name: 📝 Docs Writer
    description: Writes and edits the documentation
    roleDefinition: >-
      You are a technical writer who keeps the docs accurate and short.
    whenToUse: Use this mode for README and docs/ changes.
    customInstructions: |-
      Keep sentences short.
      Link to code with relative paths.
    groups:
      - read
      - - edit
        - fileRegex: \\.(md|mdx)$
          description: Markdown files only
      - browser
    source: project
  - slug: test-runner
    name: 🧪 Test Runner
    roleDefinition: You run the test suite and report failures.
    groups: [read, command]
    source: global
    iconName: codicon-beaker
`;

export const ROOMODES_JSON = JSON.stringify({
  customModes: [
    {
      slug: 'reviewer',
      name: 'Reviewer',
      roleDefinition: 'You review changes for correctness.',
      whenToUse: 'After a change, before merging.',
      description: 'Code review',
      groups: ['read', ['edit', { fileRegex: 'REVIEW\\.md$', description: 'review notes' }]],
      source: 'project',
    },
  ],
});
