import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError } from '../common/errors/domain-errors.js';
import { PageQuery } from '../common/pagination/cursor.js';
import { ClientIp, CurrentUser, type AuthUser } from './auth-user.js';
import {
  AuthService,
  type ClientInfo,
  type LoginResult,
  type SignedIn,
  type VerificationPending,
} from './auth.service.js';
import { CreateApiTokenDto, CreateInviteDto, LoginDto, RefreshDto, RegisterDto } from './dto.js';
import { Public } from './public.decorator.js';
import {
  ApiTokenView,
  AuditPage,
  CreatedApiTokenView,
  InviteLinkView,
  MfaChallengeView,
  PublicUserView,
  SessionView,
  SignedInView,
  VerificationPendingView,
} from './views.js';

export const REFRESH_COOKIE = 'roo_refresh';
const COOKIE_PATH = '/api/v1/auth';

@ApiTags('auth')
@ApiBearerAuth()
@ApiExtraModels(SignedInView, MfaChallengeView, VerificationPendingView)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ schema: oneOf(SignedInView, VerificationPendingView, MfaChallengeView) })
  async register(@Body() dto: RegisterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.signedIn(res, await this.auth.register(dto, client(req)));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ schema: oneOf(SignedInView, MfaChallengeView) })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.signedIn(res, await this.auth.login(dto, client(req)));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInView })
  async refresh(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE] ?? dto.refreshToken;
    try {
      return this.signedIn(res, await this.auth.refresh(token, client(req)));
    } catch (e) {
      res.clearCookie(REFRESH_COOKIE, this.cookieOptions());
      throw e;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(
      (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE] ?? dto.refreshToken,
    );
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions());
  }

  @Post('logout-all')
  @HttpCode(204)
  async logoutAll(
    @CurrentUser() user: AuthUser,
    @ClientIp() ip: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.auth.logoutAll(user, ip);
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions());
  }

  @Get('me')
  @ApiOkResponse({ type: PublicUserView })
  me(@CurrentUser() user: AuthUser): Promise<PublicUserView> {
    return this.auth.me(user);
  }

  @Get('sessions')
  @ApiOkResponse({ type: [SessionView] })
  sessions(@CurrentUser() user: AuthUser): Promise<SessionView[]> {
    return this.auth.listSessions(user);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  revokeSession(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.auth.revokeSession(user, id, ip);
  }

  @Get('tokens')
  @ApiOkResponse({ type: [ApiTokenView] })
  tokens(@CurrentUser() user: AuthUser): Promise<ApiTokenView[]> {
    return this.auth.listApiTokens(user);
  }

  @Post('tokens')
  @ApiCreatedResponse({ type: CreatedApiTokenView })
  createToken(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateApiTokenDto,
    @ClientIp() ip: string,
  ): Promise<CreatedApiTokenView> {
    return this.auth.createApiToken(user, dto, ip);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  revokeToken(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.auth.revokeApiToken(user, id, ip);
  }

  @Post('invites')
  @ApiCreatedResponse({ type: InviteLinkView })
  createInvite(@CurrentUser() user: AuthUser, @Body() dto: CreateInviteDto): Promise<InviteLinkView> {
    return this.auth.createInvite(user, dto);
  }

  private cookieOptions(): CookieOptions {
    return refreshCookieOptions(this.config);
  }

  private signedIn(res: Response, s: SignedIn | LoginResult | VerificationPending) {
    return respondSignedIn(res, this.config, s);
  }
}

export function refreshCookieOptions(config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    secure: config.COOKIE_SECURE ?? config.NODE_ENV === 'production',
    sameSite: 'strict',
    path: COOKIE_PATH,
  };
}

/** Sets the refresh cookie of a new sign-in; a second-factor challenge or a pending verification passes as is. */
export function respondSignedIn(
  res: Response,
  config: AppConfig,
  s: SignedIn | LoginResult | VerificationPending,
) {
  if (!('accessToken' in s)) return s;
  res.cookie(REFRESH_COOKIE, s.refreshToken, {
    ...refreshCookieOptions(config),
    expires: s.refreshExpiresAt,
  });
  return { user: s.user, accessToken: s.accessToken, expiresIn: s.expiresIn };
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  @ApiOkResponse({ type: AuditPage })
  list(@CurrentUser() user: AuthUser, @Query() page: PageQuery): Promise<AuditPage> {
    if (!user.isAdmin) throw new ForbiddenError('administrators only');
    return this.audit.list(page.limit, page.cursor);
  }
}

/** One of several response shapes, by reference (the models are registered with @ApiExtraModels). */
function oneOf(...models: (new () => unknown)[]) {
  return { oneOf: models.map((m) => ({ $ref: getSchemaPath(m) })) };
}

function client(req: Request): ClientInfo {
  return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] };
}
