import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { REFRESH_COOKIE } from '../auth.controller.js';
import type { ClientInfo } from '../auth.service.js';
import { Public } from '../public.decorator.js';
import { SsoStartQuery } from './dto.js';
import { SignInProviderView } from './views.js';
import { FLOW_TTL_S, SsoService } from './sso.service.js';
import { ssoErrorCode } from './sso-error.js';

/** Ties a callback to the browser that started the sign-in (login CSRF). */
export const BINDING_COOKIE = 'roo_sso';
const BINDING_PATH = '/api/v1/auth/oidc';
/** AuthController's refresh cookie path: the SPA's POST /auth/refresh must carry it. */
const REFRESH_PATH = '/api/v1/auth';

@ApiTags('auth')
@Controller('auth')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The external sign-in providers configured (the sign-in buttons)' })
  @ApiOkResponse({ type: [SignInProviderView] })
  providers(): SignInProviderView[] {
    return this.sso.list();
  }

  @Public()
  @Get('oidc/:provider/start')
  @ApiOperation({ summary: 'Starts a sign-in at a provider: redirects the browser there' })
  @ApiFoundResponse({ description: "to the provider's sign-in page" })
  async start(
    @Param('provider') provider: string,
    @Query() q: SsoStartQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const started = await this.sso.start(provider, q, client(req));
      res.cookie(BINDING_COOKIE, started.binding, {
        ...this.cookieBase(),
        // Lax: the provider sends the browser back with a cross-site top-level GET.
        sameSite: 'lax',
        path: BINDING_PATH,
        maxAge: FLOW_TTL_S * 1000,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, started.url);
    } catch (e) {
      this.fail(req, res, e);
    }
  }

  /**
   * The provider sends the browser back here. Success: the refresh cookie is set and the
   * browser goes to the app, which signs itself in with POST /auth/refresh, so no token
   * ever travels in a URL. Failure: a browser is sent to the sign-in page with an error
   * code; any other caller gets the error as JSON with its 4xx status.
   */
  @Public()
  @Get('oidc/:provider/callback')
  @ApiFoundResponse({ description: 'to the app (signed in) or to /sign-in with the reason' })
  @ApiOperation({ summary: 'Where the provider returns the browser (authorization code, state)' })
  async callback(
    @Param('provider') provider: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const cookies = req.cookies as Record<string, string> | undefined;
    const query = req.originalUrl.includes('?')
      ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
      : '';
    res.clearCookie(BINDING_COOKIE, { ...this.cookieBase(), sameSite: 'lax', path: BINDING_PATH });
    try {
      const done = await this.sso.finish(provider, query, cookies?.[BINDING_COOKIE], client(req));
      res.cookie(REFRESH_COOKIE, done.signedIn.refreshToken, {
        ...this.cookieBase(),
        sameSite: 'strict',
        path: REFRESH_PATH,
        expires: done.signedIn.refreshExpiresAt,
      });
      res.redirect(303, `${this.appUrl()}${done.returnTo}`);
    } catch (e) {
      this.fail(req, res, e);
    }
  }

  private fail(req: Request, res: Response, e: unknown): void {
    const navigation =
      req.headers['sec-fetch-mode'] === 'navigate' || /\btext\/html\b/.test(req.headers.accept ?? '');
    if (!navigation) throw e;
    res.redirect(303, `${this.appUrl()}/sign-in?sso_error=${ssoErrorCode(e)}`);
  }

  private appUrl(): string {
    return this.config.PUBLIC_URL.replace(/\/+$/, '');
  }

  private cookieBase(): CookieOptions {
    return { httpOnly: true, secure: this.config.COOKIE_SECURE ?? this.config.NODE_ENV === 'production' };
  }
}

function client(req: Request): ClientInfo {
  return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] };
}
