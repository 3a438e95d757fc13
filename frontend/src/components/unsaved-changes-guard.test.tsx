import {
  createBrowserHistory,
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Link,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { UnsavedChangesGuard } from './unsaved-changes-guard';

// This test's own routes, not the app's registered ones.
const EDIT = '/edit' as '/';
const OTHER = '/other' as '/';

function Editor() {
  const [text, setText] = useState('saved');
  return (
    <main>
      <label>
        Draft
        <textarea value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="button" onClick={() => setText('saved')}>
        Save
      </button>
      <UnsavedChangesGuard when={text !== 'saved'} what="your changes to notes.md" />
    </main>
  );
}

function setup(browser = false) {
  const root = createRootRoute({
    component: () => (
      <>
        <nav>
          <Link to={EDIT}>Edit</Link> <Link to={OTHER}>Other</Link>
        </nav>
        <Outlet />
      </>
    ),
  });
  const edit = createRoute({ getParentRoute: () => root, path: '/edit', component: Editor });
  const other = createRoute({
    getParentRoute: () => root,
    path: '/other',
    component: () => <h1>Other page</h1>,
  });
  const router = createRouter({
    routeTree: root.addChildren([edit, other]),
    // The browser's own prompt on unload is wired by the browser history (the app's), not the memory one.
    history: browser ? createBrowserHistory() : createMemoryHistory({ initialEntries: ['/edit'] }),
  });
  render(<RouterProvider router={router as never} />);
  return router;
}

function beforeUnloadBlocked(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

describe('unsaved changes guard', () => {
  it('asks before leaving with unsaved edits: keep editing stays, discard leaves', async () => {
    const router = setup();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Draft'), ' and more');
    await user.click(screen.getByRole('link', { name: 'Other' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard unsaved changes?' });
    expect(dialog).toHaveTextContent('You have not saved your changes to notes.md');
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe('/edit');
    expect(screen.getByLabelText('Draft')).toHaveValue('saved and more');

    await user.click(screen.getByRole('link', { name: 'Other' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Discard changes' }),
    );
    expect(await screen.findByRole('heading', { name: 'Other page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/other');
  });

  it('closing or reloading the tab with unsaved edits gets the browser prompt; saved edits do not', async () => {
    window.history.replaceState(null, '', '/edit');
    setup(true);
    const user = userEvent.setup();
    const draft = await screen.findByLabelText('Draft');
    expect(beforeUnloadBlocked()).toBe(false);
    await user.type(draft, '!');
    await waitFor(() => expect(beforeUnloadBlocked()).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(beforeUnloadBlocked()).toBe(false));
  });

  it('leaves freely without edits', async () => {
    const router = setup();
    const user = userEvent.setup();
    await screen.findByLabelText('Draft');
    await user.click(screen.getByRole('link', { name: 'Other' }));
    expect(await screen.findByRole('heading', { name: 'Other page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/other');
  });
});
