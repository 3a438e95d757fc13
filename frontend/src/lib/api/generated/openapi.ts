// Generated from backend/openapi.json by frontend/scripts/gen-api.mjs (npm run gen:api). Do not edit.
export interface paths {
  '/api/v1/account/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: operations['AccountController_notifications'];
    trace?: never;
  };
  '/api/v1/account/passkeys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_passkeyRegister'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/passkeys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['MfaSettingsController_passkeyRemove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/passkeys/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_passkeyOptions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['PasswordController_change'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/recovery-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_recoveryCodes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/security': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AccountController_security'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/totp/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_totpConfirm'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/totp/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_totpDisable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/account/totp/setup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSettingsController_totpSetup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminUsersController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{userId}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdminUsersController_disable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{userId}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdminUsersController_enable'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{userId}/reset-2fa': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdminUsersController_resetMfa'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/users/{userId}/sign-out': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AdminUsersController_signOut'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/capabilities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['EmailFlowsController_capabilities'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/email/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EmailFlowsController_verify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/email/verify/request': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EmailFlowsController_requestVerification'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/invites': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_createInvite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_logout'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_logoutAll'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/mfa/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSignInController_verify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/{provider}/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Where the provider returns the browser (authorization code, state) */
    get: operations['SsoController_callback'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/{provider}/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Starts a sign-in at a provider: redirects the browser there */
    get: operations['SsoController_start'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/passkeys/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSignInController_passkeyOptions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/passkeys/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['MfaSignInController_passkeyVerify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password/forgot': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EmailFlowsController_forgot'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password/reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['EmailFlowsController_reset'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/providers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The external sign-in providers configured (the sign-in buttons) */
    get: operations['SsoController_providers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/register': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['AuthController_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuthController_sessions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/sessions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['AuthController_revokeSession'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AuthController_tokens'];
    put?: never;
    post: operations['AuthController_createToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['AuthController_revokeToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/exports/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ExportLinksController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['InvitationsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['InvitationsController_accept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/invitations/{id}/decline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['InvitationsController_decline'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/push/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PushController_config'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/push/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['PushController_list'];
    put?: never;
    post: operations['PushController_subscribe'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/push/subscriptions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['PushController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/shared/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SharedController_shared'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/shares/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['SharesController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['TasksController_get'];
    put?: never;
    post?: never;
    delete: operations['TasksController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TasksController_cancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/checkpoints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CheckpointsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/checkpoints/{seq}/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CheckpointsController_diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/checkpoints/{seq}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['CheckpointsController_restore'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HistoryIoController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/git': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['TaskGitController_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/git/branch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TaskGitController_branch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/git/commit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TaskGitController_commit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/git/diff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['TaskGitController_diff'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/git/pull-request': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TaskGitController_pullRequest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['TasksController_messages'];
    put?: never;
    post: operations['TasksController_send'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/respond': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TasksController_respond'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['TasksController_resume'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/share': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['SharesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/shares': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SharesController_listForTask'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/todos': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put: operations['TasksController_editTodos'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspacesController_list'];
    put?: never;
    post: operations['WorkspacesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspacesController_get'];
    put?: never;
    post?: never;
    delete: operations['WorkspacesController_remove'];
    options?: never;
    head?: never;
    patch: operations['WorkspacesController_update'];
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/budget': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BudgetController_get'];
    put: operations['BudgetController_set'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/command-settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['CommandSettingsController_get'];
    put: operations['CommandSettingsController_update'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FilesController_list'];
    put?: never;
    post?: never;
    delete: operations['FilesController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/content': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FilesController_download'];
    put: operations['FilesController_upload'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FilesController_export'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/export-link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ExportLinksController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['FilesController_import'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/move': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['FilesController_move'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/stat': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FilesController_stat'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/files/url': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['FilesController_url'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/git': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspaceGitController_get'];
    put: operations['WorkspaceGitController_link'];
    post?: never;
    delete: operations['WorkspaceGitController_unlink'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/git/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['WorkspaceGitController_import'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspaceInvitationsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/invitations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['WorkspaceInvitationsController_revoke'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/mcp-servers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['McpController_list'];
    put?: never;
    post: operations['McpController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/mcp-servers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['McpController_get'];
    put?: never;
    post?: never;
    delete: operations['McpController_remove'];
    options?: never;
    head?: never;
    patch: operations['McpController_update'];
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/mcp-servers/{id}/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['McpController_refresh'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspacesController_members'];
    put?: never;
    post: operations['WorkspacesController_addMember'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['WorkspacesController_removeMember'];
    options?: never;
    head?: never;
    patch: operations['WorkspacesController_changeRole'];
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/modes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ModesController_list'];
    put?: never;
    post: operations['ModesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/modes/{slug}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: operations['ModesController_remove'];
    options?: never;
    head?: never;
    patch: operations['ModesController_update'];
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/modes/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ModesController_exportModes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/modes/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ModesController_importModes'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/providers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProvidersController_list'];
    put?: never;
    post: operations['ProvidersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/providers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['ProvidersController_get'];
    put?: never;
    post?: never;
    delete: operations['ProvidersController_remove'];
    options?: never;
    head?: never;
    patch: operations['ProvidersController_update'];
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/providers/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['ProvidersController_test'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/shares': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['SharesController_listForWorkspace'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['WorkspaceTasksController_list'];
    put?: never;
    post: operations['WorkspaceTasksController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/tasks/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: operations['HistoryIoController_import'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/workspaces/{ws}/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['BudgetController_usage'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AccountPasskeyView: {
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      /** Format: date-time */
      lastUsedAt: string | null;
      name: string;
    };
    AccountSecurityView: {
      /** @description an admin without a second factor while REQUIRE_ADMIN_MFA is on */
      adminMfaRequired: boolean;
      email: string;
      emailVerified: boolean;
      mailAvailable: boolean;
      notifications: components['schemas']['NotificationSettingsView'];
      passkeys: components['schemas']['AccountPasskeyView'][];
      recoveryCodesLeft: number;
      totp: boolean;
    };
    AddMemberDto: {
      email: string;
      /** @enum {string} */
      role: 'viewer' | 'member' | 'admin' | 'owner';
    };
    AdminUserPage: {
      items: components['schemas']['AdminUserView'][];
      nextCursor: string | null;
    };
    AdminUserView: {
      /** Format: date-time */
      createdAt: string;
      disabled: boolean;
      /** Format: date-time */
      disabledAt: string | null;
      displayName: string;
      email: string;
      emailVerified: boolean;
      /** Format: uuid */
      id: string;
      isAdmin: boolean;
      passkeys: number;
      totp: boolean;
    };
    ApiTokenView: {
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      /** Format: date-time */
      lastUsedAt: string | null;
      name: string;
      scopes: components['schemas']['TokenScope'][];
    };
    /** @enum {string} */
    AskKind: 'followup' | 'tool' | 'completion_result' | 'resume_task' | 'command' | 'use_mcp_server';
    AuditLogView: {
      action: string;
      actorId: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      ip: string | null;
      meta: {
        [key: string]: unknown;
      };
      target: string | null;
    };
    AuditPage: {
      items: components['schemas']['AuditLogView'][];
      nextCursor: string | null;
    };
    AutoApproveDto: {
      /** @description run execute_command without asking (the workspace's allow/deny lists still apply) */
      execute?: boolean;
      /** @description call allowed MCP tools and read MCP resources without asking (default false) */
      mcp?: boolean;
      /** @description let the model switch_mode or start a new_task in a mode with more rights than the current one without asking (default false) */
      modeSwitch?: boolean;
      /** @description run read tools without asking (always true today) */
      read?: boolean;
      /** @description apply file edits without asking */
      write?: boolean;
    };
    BudgetView: {
      exhausted: boolean;
      /** @example 2026-11-01 */
      month: string;
      monthlyLimitUsd: number | null;
      spentUsd: number;
    };
    CapabilitiesView: {
      /** @enum {string} */
      emailVerification: 'off' | 'optional' | 'required';
      /** @description mail is configured (reset, verification, invitations) */
      mail: boolean;
      requireAdminMfa: boolean;
    };
    ChangedFileView: {
      path: string;
      /**
       * @description A added, M modified, D deleted, T type changed
       * @enum {string}
       */
      status: 'A' | 'M' | 'D' | 'T';
    };
    ChangedPathView: {
      path: string;
      /** @description A added, M modified, D deleted, T type changed */
      status: string;
    };
    ChangePasswordDto: {
      currentPassword: string;
      newPassword: string;
    };
    ChangeRoleDto: {
      /** @enum {string} */
      role: 'viewer' | 'member' | 'admin' | 'owner';
    };
    CheckpointDiffView: {
      commit: string;
      /** Format: date-time */
      createdAt: string;
      files: components['schemas']['ChangedFileView'][];
      filesChanged: number;
      kind: components['schemas']['CheckpointKind'];
      message: string;
      patch: string;
      seq: number;
      /** @description the patch was cut at the size limit */
      truncated: boolean;
    };
    /** @enum {string} */
    CheckpointKind: 'initial' | 'step' | 'restore';
    CheckpointView: {
      commit: string;
      /** Format: date-time */
      createdAt: string;
      files: components['schemas']['ChangedFileView'][];
      filesChanged: number;
      kind: components['schemas']['CheckpointKind'];
      message: string;
      seq: number;
    };
    /** @enum {string} */
    CommandEgress: 'none' | 'open';
    CommandSettingsView: {
      /** @description command prefixes that run without asking (with auto-approve execute) */
      allowedCommands: string[];
      /** @description command prefixes that never run (wins over allowed) */
      deniedCommands: string[];
      egress: components['schemas']['CommandEgress'];
    };
    CommitDto: {
      /** @description commit message; default: the agent's completion result */
      message?: string;
      /** @description open a pull/merge request after the push */
      pullRequest?: boolean;
    };
    CreateApiTokenDto: {
      expiresInDays?: number;
      /** @example CI */
      name: string;
      scopes: ('read' | 'write')[];
    };
    CreatedApiTokenView: {
      /** Format: date-time */
      expiresAt: string | null;
      /** Format: uuid */
      id: string;
      name: string;
      scopes: components['schemas']['TokenScope'][];
      token: string;
    };
    CreateInviteDto: {
      /** @description bind the invite to one email address */
      email?: string;
      /** @default 7 */
      expiresInDays?: number;
    };
    CreateMcpServerDto: {
      /** @default true */
      enabled?: boolean;
      /**
       * @description HTTP headers sent with every request (e.g. Authorization); stored encrypted, never returned
       * @example {
       *       "Authorization": "Bearer …"
       *     }
       */
      headers?: {
        [key: string]: string;
      };
      /**
       * @description the name the model uses: letters, digits, - and _
       * @example github
       */
      name: string;
      /**
       * @description Streamable HTTP endpoint
       * @example https://mcp.example.com/mcp
       */
      url: string;
    };
    CreateModeDto: {
      customInstructions?: string;
      /** @description accepted from a Roo mode config and ignored */
      description?: string;
      /**
       * @description tool groups: "read" | "edit" | "command" | "mcp" | "modes", or [group, {fileRegex?, description?}]
       * @example [
       *       "read",
       *       [
       *         "edit",
       *         {
       *           "description": "Markdown only",
       *           "fileRegex": "\\.md$"
       *         }
       *       ]
       *     ]
       */
      groups: (
        | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
        | (
            | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
            | {
                description?: string;
                fileRegex?: string;
              }
          )[]
      )[];
      name: string;
      roleDefinition: string;
      /** @example docs-writer */
      slug: string;
      /**
       * @description accepted from a Roo mode config and ignored
       * @enum {string}
       */
      source?: 'global' | 'project';
      whenToUse?: string;
    };
    CreateProviderDto: {
      /** @description stored encrypted, never returned */
      apiKey?: string;
      /** @example http://ollama:11434/v1 */
      baseUrl?: string;
      /** @enum {string} */
      kind: 'openai' | 'anthropic';
      limits?: components['schemas']['ProviderLimitsDto'];
      /** @example gpt-4.1 */
      model: string;
      /** @example OpenAI GPT */
      name: string;
    };
    CreateTaskDto: {
      autoApprove?: components['schemas']['AutoApproveDto'];
      /** @example code */
      mode: string;
      /** @example Add a README section about tests */
      prompt: string;
      /** Format: uuid */
      providerId: string;
    };
    CreateWorkspaceDto: {
      description?: string;
      /** @example my-app */
      name: string;
    };
    EmailDto: {
      /** @example ada@example.com */
      email: string;
    };
    EmailVerifiedView: {
      email: string;
      /** @enum {boolean} */
      verified: true;
    };
    ExportedModes: {
      content: string;
      /** @example application/yaml */
      contentType: string;
      /** @example .roomodes */
      filename: string;
    };
    ExportLinkDto: {
      /**
       * @default zip
       * @enum {string}
       */
      format?: 'zip' | 'tar.gz';
      /** @description a folder (default: the whole workspace) */
      prefix?: string;
    };
    ExportLinkView: {
      expiresAt: string;
      /** @description a path under the API, usable once within 60 s without a bearer token */
      url: string;
    };
    FileImportResultView: {
      files: components['schemas']['FileMetaView'][];
      imported: number;
    };
    FileListingView: {
      /** @description sub-folders of the prefix (empty when recursive) */
      folders: string[];
      items: components['schemas']['FileMetaView'][];
    };
    FileMetaView: {
      contentType: string;
      path: string;
      sha256: string;
      size: number;
      /** Format: date-time */
      updatedAt: string;
      updatedBy: string | null;
    };
    GitLinkView: {
      /** @enum {string} */
      authKind: 'token' | 'ssh_key';
      autoPullRequest: boolean;
      autoPush: boolean;
      /** Format: date-time */
      createdAt: string;
      defaultBranch: string;
      /** @enum {string} */
      forge: 'none' | 'github' | 'gitlab';
      forgeApiUrl: string | null;
      /** Format: date-time */
      importedAt: string | null;
      importedBranch: string | null;
      importedCommit: string | null;
      /** @example …abcd */
      secretHint: string | null;
      url: string;
      username: string | null;
      workspaceId: string;
    };
    HistoryImportView: {
      /** @description messages kept */
      messages: number;
      /** @description what was left out or changed, for the person importing */
      notes: string[];
      task: components['schemas']['TaskView'];
    };
    ImportedFromView: {
      /**
       * Format: date-time
       * @description when it was imported
       */
      at: string;
      cacheReads: number;
      cacheWrites: number;
      cost: number;
      messages: number;
      /** @enum {string} */
      source: 'roo';
      tokensIn: number;
      tokensOut: number;
    };
    ImportGitDto: {
      /** @description the branch to bring in; default: the link's default branch */
      branch?: string;
    };
    ImportModesDto: {
      /** @description a Roo Code .roomodes file (YAML or JSON): { customModes: [{ slug, name, roleDefinition, whenToUse?, customInstructions?, groups }] } */
      content: string;
      /**
       * @description replace custom modes that have the same slug
       * @default false
       */
      overwrite?: boolean;
    };
    ImportModesResult: {
      created: string[];
      skipped: components['schemas']['SkippedMode'][];
      updated: string[];
      /** @description fields or groups that were left out */
      warnings: string[];
    };
    ImportResult: {
      branch: string;
      commit: string;
      /** @description changed in the workspace since the last import: kept, not overwritten */
      conflicts: string[];
      deleted: string[];
      /** @description entries not imported (symlinks, submodules, names or sizes the workspace refuses) */
      skipped: components['schemas']['SkippedEntryView'][];
      unchanged: number;
      written: string[];
    };
    InvitationView: {
      /** Format: date-time */
      createdAt: string;
      email: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: uuid */
      id: string;
      role: components['schemas']['Role'];
      /** Format: uuid */
      workspaceId: string;
    };
    InviteLinkView: {
      /** Format: date-time */
      expiresAt: string;
      token: string;
      /** @description the sign-up page with the invite */
      url: string;
    };
    InviteResultView: {
      email: string;
      /** Format: date-time */
      expiresAt: string;
      role: components['schemas']['Role'];
      /** @enum {string} */
      status: 'invited';
    };
    LinkGitDto: {
      /** @description open a pull/merge request after an automatic push */
      autoPullRequest?: boolean;
      /** @description commit and push a task's branch when it completes */
      autoPush?: boolean;
      /** @description default: the remote's HEAD branch */
      defaultBranch?: string;
      /**
       * @description where pull requests are opened; default from the host
       * @enum {string}
       */
      forge?: 'none' | 'github' | 'gitlab';
      /**
       * @description GitHub Enterprise / self-hosted GitLab API root
       * @example https://github.example.com/api/v3
       */
      forgeApiUrl?: string;
      /** @description known_hosts lines of the ssh server; without them the first key seen is accepted */
      sshKnownHosts?: string;
      /** @description SSH deploy key, OpenSSH private key format (stored encrypted, never returned) */
      sshPrivateKey?: string;
      /** @description HTTPS access token (stored encrypted, never returned) */
      token?: string;
      /**
       * @description https:// or ssh:// (git@host:path); no credentials inside
       * @example https://github.com/acme/app.git
       */
      url: string;
      /** @description user name sent with the token; default x-access-token (GitHub) or oauth2 (GitLab) */
      username?: string;
    };
    LoginDto: {
      /** @example Firefox on laptop */
      deviceLabel?: string;
      email: string;
      password: string;
    };
    MailSentView: {
      /** @enum {string} */
      status: 'sent';
    };
    MailTokenDto: {
      /** @description the token from the mailed link */
      token: string;
    };
    McpResourceView: {
      description?: string;
      mimeType?: string;
      name: string;
      uri: string;
    };
    McpServerView: {
      allowedTools: string[];
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      discoveredAt: string | null;
      enabled: boolean;
      /** @description header name → hint; the values are never returned */
      headers: {
        [key: string]: string;
      };
      id: string;
      lastError: string | null;
      name: string;
      resources: components['schemas']['McpResourceView'][];
      resourcesAllowed: boolean;
      /** @enum {string} */
      status: 'unknown' | 'connected' | 'error';
      tools: components['schemas']['McpToolView'][];
      /** Format: date-time */
      updatedAt: string;
      url: string;
      workspaceId: string;
    };
    McpToolView: {
      description?: string;
      inputSchema?: {
        [key: string]: unknown;
      };
      name: string;
    };
    MemberView: {
      /** Format: date-time */
      createdAt: string;
      displayName: string;
      email: string;
      role: components['schemas']['Role'];
      /** Format: uuid */
      userId: string;
    };
    MfaChallengeView: {
      methods: components['schemas']['MfaMethodsView'];
      /** @enum {boolean} */
      mfaRequired: true;
      /** @description short-lived, single use */
      mfaToken: string;
    };
    MfaMethodsView: {
      passkey: boolean;
      recoveryCode: boolean;
      totp: boolean;
    };
    MfaVerifyDto: {
      /** @description a 6-digit code from the authenticator app */
      code?: string;
      /** @description the token the password step answered with */
      mfaToken: string;
      /** @description one of the recovery codes (single use) */
      recoveryCode?: string;
    };
    ModeView: {
      builtIn: boolean;
      customInstructions: string;
      /**
       * @description tool groups: "read" | "edit" | "command" | "mcp" | "modes", or [group, {fileRegex?, description?}]
       * @example [
       *       "read",
       *       [
       *         "edit",
       *         {
       *           "description": "Markdown only",
       *           "fileRegex": "\\.md$"
       *         }
       *       ]
       *     ]
       */
      groups: (
        | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
        | (
            | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
            | {
                description?: string;
                fileRegex?: string;
              }
          )[]
      )[];
      name: string;
      roleDefinition: string;
      slug: string;
      whenToUse: string;
    };
    MoveFileDto: {
      from: string;
      to: string;
    };
    MyInvitationView: {
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: uuid */
      id: string;
      /** @description the inviter's display name */
      invitedBy: string | null;
      role: components['schemas']['Role'];
      /** Format: uuid */
      workspaceId: string;
      workspaceName: string;
    };
    NotificationSettingsDto: {
      /** @description a mail when one of my tasks waits for my answer */
      taskWaiting: boolean;
    };
    NotificationSettingsView: {
      /** @description mail when a task waits for you */
      taskWaiting: boolean;
    };
    PasskeyLoginDto: {
      challengeId: string;
      /** @description the browser’s AuthenticationResponseJSON */
      response: {
        [key: string]: unknown;
      };
    };
    PasskeyRegisterDto: {
      /** @example Laptop */
      name?: string;
      /** @description the browser’s RegistrationResponseJSON */
      response: {
        [key: string]: unknown;
      };
    };
    PasskeySignInOptionsView: {
      /**
       * Format: uuid
       * @description send back with the assertion
       */
      challengeId: string;
      /** @description PublicKeyCredentialRequestOptionsJSON */
      options: {
        [key: string]: unknown;
      };
    };
    PasskeyView: {
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      name: string;
    };
    PasswordConfirmDto: {
      /** @description the current password, to confirm a sensitive change */
      password: string;
    };
    PresignedUrlView: {
      /** @description seconds */
      expiresIn: number;
      url: string;
    };
    ProviderLimitsDto: {
      cacheReadPricePerMTok?: number;
      cacheWritePricePerMTok?: number;
      /** @description condense the conversation when it fills this % of the context window (default 80) */
      condenseThresholdPercent?: number;
      /** @description the model's context window in tokens; default: the built-in table for common models */
      contextWindow?: number;
      /** @description USD per million input tokens */
      inputPricePerMTok?: number;
      maxOutputTokens?: number;
      /** @description a task using this profile stops once it has cost this much (USD); 0 = no cap; default TASK_MAX_COST_USD */
      maxTaskCostUsd?: number;
      /** @description USD per million output tokens */
      outputPricePerMTok?: number;
    };
    ProviderTestResult: {
      error?: string;
      latencyMs: number;
      ok: boolean;
    };
    ProviderView: {
      /** @example sk-…abcd */
      apiKeyHint: string | null;
      baseUrl: string | null;
      /** Format: date-time */
      createdAt: string;
      id: string;
      /** @enum {string} */
      kind: 'openai' | 'anthropic';
      limits: components['schemas']['ProviderLimitsDto'];
      model: string;
      name: string;
      /** Format: date-time */
      updatedAt: string;
      workspaceId: string;
    };
    PublicUserView: {
      /** Format: date-time */
      createdAt: string;
      displayName: string;
      email: string;
      /** Format: uuid */
      id: string;
      isAdmin: boolean;
    };
    PullRequestDto: {
      body?: string;
      title?: string;
    };
    PushConfigView: {
      /** @description false when the server has no VAPID key (push is off) */
      enabled: boolean;
      /** @description the applicationServerKey for PushManager.subscribe (base64url) */
      publicKey: string | null;
    };
    PushKeysDto: {
      /** @description the browser's auth secret (base64url, 16 bytes) */
      auth: string;
      /** @description the browser's P-256 public key (base64url, 65 bytes) */
      p256dh: string;
    };
    PushSubscriptionView: {
      /** Format: date-time */
      createdAt: string;
      deviceLabel: string;
      endpoint: string;
      /** Format: uuid */
      id: string;
      /** @description why the last send failed, if it did */
      lastError: string | null;
      /** Format: date-time */
      lastSentAt: string | null;
    };
    RecoveryCodesView: {
      recoveryCodes: string[];
    };
    RefreshDto: {
      /** @description for clients without cookies; browsers send the roo_refresh cookie */
      refreshToken?: string;
    };
    RegisterDto: {
      /** @example Ada */
      displayName: string;
      /** @example ada@example.com */
      email: string;
      /** @description required when REGISTRATION_MODE=invite */
      inviteToken?: string;
      password: string;
    };
    ResetPasswordDto: {
      password: string;
      /** @description the token from the mailed link */
      token: string;
    };
    RespondDto: {
      /** @description with response answer: the mode of the follow-up suggestion the user picked; the task switches to it (only a mode the question's suggestions offer) */
      mode?: string;
      response: components['schemas']['TaskResponse'];
      text?: string;
    };
    RestoreCheckpointDto: {
      /** @description restore only this file; without it the whole workspace */
      path?: string;
    };
    RestoreResultView: {
      checkpoint: components['schemas']['CheckpointView'] | null;
      conflicts: components['schemas']['SyncConflictView'][];
      files: components['schemas']['ChangedFileView'][];
      path: string | null;
      restoredFrom: number;
    };
    ResumeDto: {
      text: string;
    };
    /**
     * @description the caller's role in the workspace
     * @enum {string}
     */
    Role: 'viewer' | 'member' | 'admin' | 'owner';
    RoleChangeView: {
      role: components['schemas']['Role'];
      /** Format: uuid */
      userId: string;
    };
    /** @enum {string} */
    SayKind:
      | 'text'
      | 'reasoning'
      | 'tool'
      | 'error'
      | 'completion_result'
      | 'user_feedback'
      | 'api_req_started'
      | 'subtask_result'
      | 'mcp_server_response'
      | 'checkpoint_saved'
      | 'command_output'
      | 'condense_context'
      | 'condense_context_error'
      | 'sliding_window_truncation'
      | 'user_edit_todos';
    SendMessageDto: {
      /** @description delivered to the model at its next turn; a finished task continues with it (like resume) */
      text: string;
    };
    SessionView: {
      /** @description the sign-in making this request */
      current: boolean;
      deviceLabel: string;
      /** Format: date-time */
      expiresAt: string;
      /**
       * Format: uuid
       * @description the sign-in (refresh token family)
       */
      id: string;
      ip: string | null;
      /** Format: date-time */
      lastUsedAt: string;
    };
    SetBudgetDto: {
      /** @description USD per calendar month (UTC); null removes the limit */
      monthlyLimitUsd: number | null;
    };
    SharedTaskInfo: {
      /** @description while status is waiting_for_subtask: the subtask this task waits for */
      awaitingTaskId: string | null;
      cacheReads: number;
      cacheWrites: number;
      /** Format: date-time */
      completedAt: string | null;
      cost: number;
      /** Format: date-time */
      createdAt: string;
      error: string | null;
      id: string;
      /** @description set on a task imported from a Roo Code history (read-only): source, when, and the tokens and cost it had there */
      imported: components['schemas']['ImportedFromView'] | null;
      lastSeq: number;
      mode: string;
      prompt: string;
      status: components['schemas']['TaskStatus'];
      steps: number;
      title: string;
      todos: string;
      tokensIn: number;
      tokensOut: number;
      /** Format: date-time */
      updatedAt: string;
    };
    SharedTaskView: {
      /** Format: date-time */
      expiresAt: string;
      messages: components['schemas']['TaskMessageDto'][];
      task: components['schemas']['SharedTaskInfo'];
    };
    ShareDto: {
      /** @description lifetime in hours (default 72, at most SHARE_MAX_TTL_DAYS × 24) */
      expiresInHours?: number;
    };
    ShareItem: {
      /** Format: date-time */
      createdAt: string;
      createdBy: string | null;
      createdByName: string | null;
      /**
       * Format: date-time
       * @description the earlier of the chosen expiry and the configured maximum lifetime
       */
      expiresAt: string;
      id: string;
      taskId: string;
      taskTitle: string;
    };
    ShareView: {
      /** Format: date-time */
      expiresAt: string;
      id: string;
      token: string;
      url: string;
    };
    SignedInView: {
      accessToken: string;
      /** @description seconds until the access token expires */
      expiresIn: number;
      user: components['schemas']['PublicUserView'];
    };
    SignInProviderView: {
      id: string;
      /** @enum {string} */
      kind: 'oidc' | 'google' | 'github';
      label: string;
      /** @description where the browser goes to start the sign-in */
      startUrl: string;
    };
    SkippedEntryView: {
      path: string;
      reason: string;
    };
    SkippedMode: {
      reason: string;
      slug: string;
    };
    StartBranchDto: {
      /** @description default: roo/<task short id>-<slug of the title> */
      branch?: string;
    };
    SubscribePushDto: {
      /** @example Chrome on Android */
      deviceLabel?: string;
      /** @example https://fcm.googleapis.com/fcm/send/abc… */
      endpoint: string;
      keys: components['schemas']['PushKeysDto'];
    };
    SyncConflictView: {
      /**
       * @description what the restore did to the file
       * @enum {string}
       */
      ours: 'added' | 'modified' | 'deleted';
      path: string;
      /**
       * @description what someone else did meanwhile
       * @enum {string}
       */
      theirs: 'added' | 'modified' | 'deleted';
    };
    TaskCommitView: {
      /** Format: date-time */
      at: string;
      filesChanged: number;
      sha: string;
      subject: string;
    };
    TaskDiffView: {
      base: string;
      files: components['schemas']['ChangedPathView'][];
      head: string;
      patch: string;
      truncated: boolean;
    };
    TaskGitView: {
      baseBranch: string;
      baseCommit: string;
      branch: string;
      commits: components['schemas']['TaskCommitView'][];
      headCommit: string | null;
      lastError: string | null;
      prNumber: number | null;
      prUrl: string | null;
      taskId: string;
      /** @description the remote, for links to the branch */
      url: string;
    };
    TaskMessageDto: {
      ask?: components['schemas']['AskKind'];
      /** @description see MessageMeta in the realtime contract */
      meta: {
        [key: string]: unknown;
      };
      partial: boolean;
      say?: components['schemas']['SayKind'];
      seq: number;
      text: string;
      /** @description epoch milliseconds */
      ts: number;
      /** @enum {string} */
      type: 'ask' | 'say';
    };
    TaskPage: {
      items: components['schemas']['TaskView'][];
      /** @description pass as `cursor` for the next page */
      nextCursor: string | null;
    };
    /** @enum {string} */
    TaskResponse: 'answer' | 'approve' | 'deny';
    /** @enum {string} */
    TaskStatus:
      | 'queued'
      | 'running'
      | 'waiting_for_input'
      | 'waiting_for_subtask'
      | 'completed'
      | 'failed'
      | 'cancelled';
    TaskView: {
      autoApprove: components['schemas']['AutoApproveDto'];
      /** @description while status is waiting_for_subtask: the subtask this task waits for */
      awaitingTaskId: string | null;
      cacheReads: number;
      cacheWrites: number;
      /** Format: date-time */
      completedAt: string | null;
      cost: number;
      /** Format: date-time */
      createdAt: string;
      createdBy: string;
      error: string | null;
      id: string;
      /** @description set on a task imported from a Roo Code history (read-only): source, when, and the tokens and cost it had there */
      imported: components['schemas']['ImportedFromView'] | null;
      lastSeq: number;
      mode: string;
      parentId: string | null;
      prompt: string;
      providerId: string | null;
      status: components['schemas']['TaskStatus'];
      steps: number;
      title: string;
      todos: string;
      tokensIn: number;
      tokensOut: number;
      /** Format: date-time */
      updatedAt: string;
      workspaceId: string;
    };
    TodosDto: {
      /** @description the whole list as a Markdown checklist ("[ ] todo", "[x] done", "[-] in progress") */
      todos: string;
    };
    /** @enum {string} */
    TokenScope: 'read' | 'write';
    TotpCodeDto: {
      code: string;
    };
    TotpSetupView: {
      otpauthUrl: string;
      secret: string;
    };
    UpdateCommandSettingsDto: {
      /** @description command prefixes that run without asking ("*" = any) when the task auto-approves execute */
      allowedCommands?: string[];
      /** @description command prefixes that never run (wins over allowed) */
      deniedCommands?: string[];
      /**
       * @description network of commands: none (default) or open
       * @enum {string}
       */
      egress?: 'none' | 'open';
    };
    UpdateMcpServerDto: {
      /** @description names of the listed tools the model may call */
      allowedTools?: string[];
      enabled?: boolean;
      /** @description replaces every header; {} removes them */
      headers?: {
        [key: string]: string;
      };
      name?: string;
      /** @description whether access_mcp_resource may read this server’s resources */
      resourcesAllowed?: boolean;
      /** @description a new URL needs the headers again in the same request (or the owner) */
      url?: string;
    };
    UpdateModeDto: {
      customInstructions?: string;
      /** @description accepted from a Roo mode config and ignored */
      description?: string;
      /**
       * @description tool groups: "read" | "edit" | "command" | "mcp" | "modes", or [group, {fileRegex?, description?}]
       * @example [
       *       "read",
       *       [
       *         "edit",
       *         {
       *           "description": "Markdown only",
       *           "fileRegex": "\\.md$"
       *         }
       *       ]
       *     ]
       */
      groups?: (
        | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
        | (
            | ('read' | 'edit' | 'command' | 'mcp' | 'modes')
            | {
                description?: string;
                fileRegex?: string;
              }
          )[]
      )[];
      name?: string;
      roleDefinition?: string;
      /**
       * @description accepted from a Roo mode config and ignored
       * @enum {string}
       */
      source?: 'global' | 'project';
      whenToUse?: string;
    };
    UpdateProviderDto: {
      /** @description stored encrypted, never returned */
      apiKey?: string;
      /** @example http://ollama:11434/v1 */
      baseUrl?: string;
      limits?: components['schemas']['ProviderLimitsDto'];
      /** @example gpt-4.1 */
      model?: string;
      /** @example OpenAI GPT */
      name?: string;
    };
    UpdateWorkspaceDto: {
      description?: string;
      /** @example my-app */
      name?: string;
    };
    UsageRowView: {
      cacheReads: number;
      cacheWrites: number;
      costUsd: number;
      displayName: string | null;
      model: string | null;
      tasks: number;
      tokensIn: number;
      tokensOut: number;
      userId: string | null;
    };
    UserDisabledView: {
      disabled: boolean;
      /** Format: uuid */
      id: string;
    };
    VerificationPendingView: {
      email: string;
      /** @enum {boolean} */
      verificationRequired: true;
    };
    WorkspaceView: {
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      createdBy: string;
      /** @description empty when none was given */
      description: string;
      /** Format: uuid */
      id: string;
      name: string;
      /** @description the caller's role in the workspace */
      role: components['schemas']['Role'];
      /** Format: date-time */
      updatedAt: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type AccountPasskeyView = components['schemas']['AccountPasskeyView'];
export type AccountSecurityView = components['schemas']['AccountSecurityView'];
export type AddMemberDto = components['schemas']['AddMemberDto'];
export type AdminUserPage = components['schemas']['AdminUserPage'];
export type AdminUserView = components['schemas']['AdminUserView'];
export type ApiTokenView = components['schemas']['ApiTokenView'];
export type AskKind = components['schemas']['AskKind'];
export type AuditLogView = components['schemas']['AuditLogView'];
export type AuditPage = components['schemas']['AuditPage'];
export type AutoApproveDto = components['schemas']['AutoApproveDto'];
export type BudgetView = components['schemas']['BudgetView'];
export type CapabilitiesView = components['schemas']['CapabilitiesView'];
export type ChangedFileView = components['schemas']['ChangedFileView'];
export type ChangedPathView = components['schemas']['ChangedPathView'];
export type ChangePasswordDto = components['schemas']['ChangePasswordDto'];
export type ChangeRoleDto = components['schemas']['ChangeRoleDto'];
export type CheckpointDiffView = components['schemas']['CheckpointDiffView'];
export type CheckpointKind = components['schemas']['CheckpointKind'];
export type CheckpointView = components['schemas']['CheckpointView'];
export type CommandEgress = components['schemas']['CommandEgress'];
export type CommandSettingsView = components['schemas']['CommandSettingsView'];
export type CommitDto = components['schemas']['CommitDto'];
export type CreateApiTokenDto = components['schemas']['CreateApiTokenDto'];
export type CreatedApiTokenView = components['schemas']['CreatedApiTokenView'];
export type CreateInviteDto = components['schemas']['CreateInviteDto'];
export type CreateMcpServerDto = components['schemas']['CreateMcpServerDto'];
export type CreateModeDto = components['schemas']['CreateModeDto'];
export type CreateProviderDto = components['schemas']['CreateProviderDto'];
export type CreateTaskDto = components['schemas']['CreateTaskDto'];
export type CreateWorkspaceDto = components['schemas']['CreateWorkspaceDto'];
export type EmailDto = components['schemas']['EmailDto'];
export type EmailVerifiedView = components['schemas']['EmailVerifiedView'];
export type ExportedModes = components['schemas']['ExportedModes'];
export type ExportLinkDto = components['schemas']['ExportLinkDto'];
export type ExportLinkView = components['schemas']['ExportLinkView'];
export type FileImportResultView = components['schemas']['FileImportResultView'];
export type FileListingView = components['schemas']['FileListingView'];
export type FileMetaView = components['schemas']['FileMetaView'];
export type GitLinkView = components['schemas']['GitLinkView'];
export type HistoryImportView = components['schemas']['HistoryImportView'];
export type ImportedFromView = components['schemas']['ImportedFromView'];
export type ImportGitDto = components['schemas']['ImportGitDto'];
export type ImportModesDto = components['schemas']['ImportModesDto'];
export type ImportModesResult = components['schemas']['ImportModesResult'];
export type ImportResult = components['schemas']['ImportResult'];
export type InvitationView = components['schemas']['InvitationView'];
export type InviteLinkView = components['schemas']['InviteLinkView'];
export type InviteResultView = components['schemas']['InviteResultView'];
export type LinkGitDto = components['schemas']['LinkGitDto'];
export type LoginDto = components['schemas']['LoginDto'];
export type MailSentView = components['schemas']['MailSentView'];
export type MailTokenDto = components['schemas']['MailTokenDto'];
export type McpResourceView = components['schemas']['McpResourceView'];
export type McpServerView = components['schemas']['McpServerView'];
export type McpToolView = components['schemas']['McpToolView'];
export type MemberView = components['schemas']['MemberView'];
export type MfaChallengeView = components['schemas']['MfaChallengeView'];
export type MfaMethodsView = components['schemas']['MfaMethodsView'];
export type MfaVerifyDto = components['schemas']['MfaVerifyDto'];
export type ModeView = components['schemas']['ModeView'];
export type MoveFileDto = components['schemas']['MoveFileDto'];
export type MyInvitationView = components['schemas']['MyInvitationView'];
export type NotificationSettingsDto = components['schemas']['NotificationSettingsDto'];
export type NotificationSettingsView = components['schemas']['NotificationSettingsView'];
export type PasskeyLoginDto = components['schemas']['PasskeyLoginDto'];
export type PasskeyRegisterDto = components['schemas']['PasskeyRegisterDto'];
export type PasskeySignInOptionsView = components['schemas']['PasskeySignInOptionsView'];
export type PasskeyView = components['schemas']['PasskeyView'];
export type PasswordConfirmDto = components['schemas']['PasswordConfirmDto'];
export type PresignedUrlView = components['schemas']['PresignedUrlView'];
export type ProviderLimitsDto = components['schemas']['ProviderLimitsDto'];
export type ProviderTestResult = components['schemas']['ProviderTestResult'];
export type ProviderView = components['schemas']['ProviderView'];
export type PublicUserView = components['schemas']['PublicUserView'];
export type PullRequestDto = components['schemas']['PullRequestDto'];
export type PushConfigView = components['schemas']['PushConfigView'];
export type PushKeysDto = components['schemas']['PushKeysDto'];
export type PushSubscriptionView = components['schemas']['PushSubscriptionView'];
export type RecoveryCodesView = components['schemas']['RecoveryCodesView'];
export type RefreshDto = components['schemas']['RefreshDto'];
export type RegisterDto = components['schemas']['RegisterDto'];
export type ResetPasswordDto = components['schemas']['ResetPasswordDto'];
export type RespondDto = components['schemas']['RespondDto'];
export type RestoreCheckpointDto = components['schemas']['RestoreCheckpointDto'];
export type RestoreResultView = components['schemas']['RestoreResultView'];
export type ResumeDto = components['schemas']['ResumeDto'];
export type Role = components['schemas']['Role'];
export type RoleChangeView = components['schemas']['RoleChangeView'];
export type SayKind = components['schemas']['SayKind'];
export type SendMessageDto = components['schemas']['SendMessageDto'];
export type SessionView = components['schemas']['SessionView'];
export type SetBudgetDto = components['schemas']['SetBudgetDto'];
export type SharedTaskInfo = components['schemas']['SharedTaskInfo'];
export type SharedTaskView = components['schemas']['SharedTaskView'];
export type ShareDto = components['schemas']['ShareDto'];
export type ShareItem = components['schemas']['ShareItem'];
export type ShareView = components['schemas']['ShareView'];
export type SignedInView = components['schemas']['SignedInView'];
export type SignInProviderView = components['schemas']['SignInProviderView'];
export type SkippedEntryView = components['schemas']['SkippedEntryView'];
export type SkippedMode = components['schemas']['SkippedMode'];
export type StartBranchDto = components['schemas']['StartBranchDto'];
export type SubscribePushDto = components['schemas']['SubscribePushDto'];
export type SyncConflictView = components['schemas']['SyncConflictView'];
export type TaskCommitView = components['schemas']['TaskCommitView'];
export type TaskDiffView = components['schemas']['TaskDiffView'];
export type TaskGitView = components['schemas']['TaskGitView'];
export type TaskMessageDto = components['schemas']['TaskMessageDto'];
export type TaskPage = components['schemas']['TaskPage'];
export type TaskResponse = components['schemas']['TaskResponse'];
export type TaskStatus = components['schemas']['TaskStatus'];
export type TaskView = components['schemas']['TaskView'];
export type TodosDto = components['schemas']['TodosDto'];
export type TokenScope = components['schemas']['TokenScope'];
export type TotpCodeDto = components['schemas']['TotpCodeDto'];
export type TotpSetupView = components['schemas']['TotpSetupView'];
export type UpdateCommandSettingsDto = components['schemas']['UpdateCommandSettingsDto'];
export type UpdateMcpServerDto = components['schemas']['UpdateMcpServerDto'];
export type UpdateModeDto = components['schemas']['UpdateModeDto'];
export type UpdateProviderDto = components['schemas']['UpdateProviderDto'];
export type UpdateWorkspaceDto = components['schemas']['UpdateWorkspaceDto'];
export type UsageRowView = components['schemas']['UsageRowView'];
export type UserDisabledView = components['schemas']['UserDisabledView'];
export type VerificationPendingView = components['schemas']['VerificationPendingView'];
export type WorkspaceView = components['schemas']['WorkspaceView'];
export type $defs = Record<string, never>;
export interface operations {
  AccountController_notifications: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NotificationSettingsDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationSettingsView'];
        };
      };
    };
  };
  MfaSettingsController_passkeyRegister: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasskeyRegisterDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PasskeyView'];
        };
      };
    };
  };
  MfaSettingsController_passkeyRemove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MfaSettingsController_passkeyOptions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
    };
  };
  PasswordController_change: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangePasswordDto'];
      };
    };
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MfaSettingsController_recoveryCodes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordConfirmDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecoveryCodesView'];
        };
      };
    };
  };
  AccountController_security: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AccountSecurityView'];
        };
      };
    };
  };
  MfaSettingsController_totpConfirm: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TotpCodeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecoveryCodesView'];
        };
      };
    };
  };
  MfaSettingsController_totpDisable: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasswordConfirmDto'];
      };
    };
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MfaSettingsController_totpSetup: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TotpSetupView'];
        };
      };
    };
  };
  AdminController_list: {
    parameters: {
      query?: {
        /** @description opaque cursor from a previous page */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditPage'];
        };
      };
    };
  };
  AdminUsersController_list: {
    parameters: {
      query?: {
        /** @description opaque cursor from a previous page */
        cursor?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AdminUserPage'];
        };
      };
    };
  };
  AdminUsersController_disable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserDisabledView'];
        };
      };
    };
  };
  AdminUsersController_enable: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserDisabledView'];
        };
      };
    };
  };
  AdminUsersController_resetMfa: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminUsersController_signOut: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EmailFlowsController_capabilities: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CapabilitiesView'];
        };
      };
    };
  };
  EmailFlowsController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MailTokenDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EmailVerifiedView'];
        };
      };
    };
  };
  EmailFlowsController_requestVerification: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmailDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MailSentView'];
        };
      };
    };
  };
  AuthController_createInvite: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateInviteDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InviteLinkView'];
        };
      };
    };
  };
  AuthController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            components['schemas']['SignedInView'] | components['schemas']['MfaChallengeView'];
        };
      };
    };
  };
  AuthController_logout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshDto'];
      };
    };
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AuthController_logoutAll: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PublicUserView'];
        };
      };
    };
  };
  MfaSignInController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MfaVerifyDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignedInView'];
        };
      };
    };
  };
  SsoController_callback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description to the app (signed in) or to /sign-in with the reason */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SsoController_start: {
    parameters: {
      query?: {
        /** @description invite token, when REGISTRATION_MODE=invite and the account is new */
        invite?: string;
        /** @description app path to open after signing in */
        returnTo?: string;
      };
      header?: never;
      path: {
        provider: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description to the provider's sign-in page */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MfaSignInController_passkeyOptions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PasskeySignInOptionsView'];
        };
      };
    };
  };
  MfaSignInController_passkeyVerify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PasskeyLoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignedInView'];
        };
      };
    };
  };
  EmailFlowsController_forgot: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmailDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MailSentView'];
        };
      };
    };
  };
  EmailFlowsController_reset: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResetPasswordDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            components['schemas']['SignedInView'] | components['schemas']['MfaChallengeView'];
        };
      };
    };
  };
  SsoController_providers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignInProviderView'][];
        };
      };
    };
  };
  AuthController_refresh: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefreshDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignedInView'];
        };
      };
    };
  };
  AuthController_register: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json':
            | components['schemas']['SignedInView']
            | components['schemas']['VerificationPendingView']
            | components['schemas']['MfaChallengeView'];
        };
      };
    };
  };
  AuthController_sessions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SessionView'][];
        };
      };
    };
  };
  AuthController_revokeSession: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AuthController_tokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiTokenView'][];
        };
      };
    };
  };
  AuthController_createToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateApiTokenDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiTokenView'];
        };
      };
    };
  };
  AuthController_revokeToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ExportLinksController_download: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': string;
          'application/zip': string;
        };
      };
    };
  };
  InvitationsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MyInvitationView'][];
        };
      };
    };
  };
  InvitationsController_accept: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the workspace joined */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceView'];
        };
      };
    };
  };
  InvitationsController_decline: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PushController_config: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PushConfigView'];
        };
      };
    };
  };
  PushController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PushSubscriptionView'][];
        };
      };
    };
  };
  PushController_subscribe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SubscribePushDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PushSubscriptionView'];
        };
      };
    };
  };
  PushController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SharedController_shared: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SharedTaskView'];
        };
      };
    };
  };
  SharesController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  TasksController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  TasksController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  TasksController_cancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  CheckpointsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointView'][];
        };
      };
    };
  };
  CheckpointsController_diff: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        seq: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckpointDiffView'];
        };
      };
    };
  };
  CheckpointsController_restore: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        seq: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RestoreCheckpointDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RestoreResultView'];
        };
      };
    };
  };
  HistoryIoController_export: {
    parameters: {
      query?: {
        format?: 'markdown' | 'ui_messages' | 'api_conversation_history';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a file download */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
          'text/markdown': string;
        };
      };
    };
  };
  TaskGitController_status: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskGitView'];
        };
      };
    };
  };
  TaskGitController_branch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StartBranchDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskGitView'];
        };
      };
    };
  };
  TaskGitController_commit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CommitDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskGitView'];
        };
      };
    };
  };
  TaskGitController_diff: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskDiffView'];
        };
      };
    };
  };
  TaskGitController_pullRequest: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PullRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskGitView'];
        };
      };
    };
  };
  TasksController_messages: {
    parameters: {
      query?: {
        afterSeq?: number;
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskMessageDto'][];
        };
      };
    };
  };
  TasksController_send: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SendMessageDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  TasksController_respond: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RespondDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  TasksController_resume: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ResumeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  SharesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ShareDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ShareView'];
        };
      };
    };
  };
  SharesController_listForTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ShareItem'][];
        };
      };
    };
  };
  TasksController_editTodos: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TodosDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  WorkspacesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceView'][];
        };
      };
    };
  };
  WorkspacesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateWorkspaceDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceView'];
        };
      };
    };
  };
  WorkspacesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceView'];
        };
      };
    };
  };
  WorkspacesController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  WorkspacesController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateWorkspaceDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WorkspaceView'];
        };
      };
    };
  };
  BudgetController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BudgetView'];
        };
      };
    };
  };
  BudgetController_set: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SetBudgetDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BudgetView'];
        };
      };
    };
  };
  CommandSettingsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommandSettingsView'];
        };
      };
    };
  };
  CommandSettingsController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateCommandSettingsDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CommandSettingsView'];
        };
      };
    };
  };
  FilesController_list: {
    parameters: {
      query?: {
        prefix?: string;
        recursive?: boolean;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileListingView'];
        };
      };
    };
  };
  FilesController_remove: {
    parameters: {
      query: {
        path: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FilesController_download: {
    parameters: {
      query: {
        path: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the bytes, with the stored Content-Type and an ETag */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
    };
  };
  FilesController_upload: {
    parameters: {
      query: {
        path: string;
      };
      header: {
        'content-length': string;
      };
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/octet-stream': string;
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileMetaView'];
        };
      };
    };
  };
  FilesController_export: {
    parameters: {
      query?: {
        format?: 'zip' | 'tar.gz';
        /** @description a folder (default: the whole workspace) */
        prefix?: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/gzip': string;
          'application/zip': string;
        };
      };
    };
  };
  ExportLinksController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExportLinkDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExportLinkView'];
        };
      };
    };
  };
  FilesController_import: {
    parameters: {
      query?: {
        /** @description the folder to import into */
        prefix?: string;
      };
      header: {
        'content-length': string;
      };
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/gzip': string;
        'application/x-tar': string;
        'application/zip': string;
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileImportResultView'];
        };
      };
    };
  };
  FilesController_move: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MoveFileDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileMetaView'];
        };
      };
    };
  };
  FilesController_stat: {
    parameters: {
      query: {
        path: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FileMetaView'];
        };
      };
    };
  };
  FilesController_url: {
    parameters: {
      query: {
        path: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PresignedUrlView'];
        };
      };
    };
  };
  WorkspaceGitController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GitLinkView'];
        };
      };
    };
  };
  WorkspaceGitController_link: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LinkGitDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GitLinkView'];
        };
      };
    };
  };
  WorkspaceGitController_unlink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  WorkspaceGitController_import: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ImportGitDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportResult'];
        };
      };
    };
  };
  WorkspaceInvitationsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationView'][];
        };
      };
    };
  };
  WorkspaceInvitationsController_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  McpController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['McpServerView'][];
        };
      };
    };
  };
  McpController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateMcpServerDto'];
      };
    };
    responses: {
      /** @description registered; its tools are listed by a worker before the answer */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['McpServerView'];
        };
      };
    };
  };
  McpController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['McpServerView'];
        };
      };
    };
  };
  McpController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  McpController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateMcpServerDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['McpServerView'];
        };
      };
    };
  };
  McpController_refresh: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description tools and resources listed again by a worker */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['McpServerView'];
        };
      };
    };
  };
  WorkspacesController_members: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberView'][];
        };
      };
    };
  };
  WorkspacesController_addMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddMemberDto'];
      };
    };
    responses: {
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InviteResultView'];
        };
      };
    };
  };
  WorkspacesController_removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  WorkspacesController_changeRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangeRoleDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RoleChangeView'];
        };
      };
    };
  };
  ModesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModeView'][];
        };
      };
    };
  };
  ModesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateModeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModeView'];
        };
      };
    };
  };
  ModesController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModesController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        slug: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateModeDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModeView'];
        };
      };
    };
  };
  ModesController_exportModes: {
    parameters: {
      query?: {
        /** @description include the built-in modes */
        builtIn?: 'true' | 'false';
        format?: 'yaml' | 'json';
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExportedModes'];
        };
      };
    };
  };
  ModesController_importModes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ImportModesDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ImportModesResult'];
        };
      };
    };
  };
  ProvidersController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderView'][];
        };
      };
    };
  };
  ProvidersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateProviderDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderView'];
        };
      };
    };
  };
  ProvidersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderView'];
        };
      };
    };
  };
  ProvidersController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ProvidersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateProviderDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderView'];
        };
      };
    };
  };
  ProvidersController_test: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderTestResult'];
        };
      };
    };
  };
  SharesController_listForWorkspace: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ShareItem'][];
        };
      };
    };
  };
  WorkspaceTasksController_list: {
    parameters: {
      query?: {
        /** @description opaque cursor from a previous page */
        cursor?: string;
        limit?: number;
        /** @description comma-separated statuses */
        status?: string[];
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskPage'];
        };
      };
    };
  };
  WorkspaceTasksController_create: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTaskDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskView'];
        };
      };
    };
  };
  HistoryIoController_import: {
    parameters: {
      query?: {
        /** @description the mode the imported task is shown in (default code) */
        mode?: string;
      };
      header: {
        'content-length': string;
        'content-type': string;
      };
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          apiConversationHistory?: {
            [key: string]: unknown;
          }[];
          title?: string;
          uiMessages?: {
            [key: string]: unknown;
          }[];
        };
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HistoryImportView'];
        };
      };
    };
  };
  BudgetController_usage: {
    parameters: {
      query?: {
        /** @description month (UTC); the current one when absent */
        month?: string;
      };
      header?: never;
      path: {
        ws: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UsageRowView'][];
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status?: 'ok';
          };
        };
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "responseTime": 12,
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            };
            /** @example {} */
            error?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "responseTime": 12,
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example ok
             * @enum {string}
             */
            status?: 'ok' | 'degraded';
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "responseTime": 12,
             *         "status": "up"
             *       },
             *       "redis": {
             *         "message": "Could not connect",
             *         "responseTime": 3005,
             *         "status": "down"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            };
            /**
             * @example {
             *       "redis": {
             *         "message": "Could not connect",
             *         "responseTime": 3005,
             *         "status": "down"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "responseTime": 12,
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                /** @description Time the health indicator took to respond, in ms */
                responseTime?: number;
                /** @enum {string} */
                status: 'up' | 'degraded' | 'down';
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example error
             * @enum {string}
             */
            status?: 'error' | 'shutting_down';
          };
        };
      };
    };
  };
}
