import { ApiProperty } from '@nestjs/swagger';

/** A sign-in button: an external provider the server has configured. */
export class SignInProviderView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['oidc', 'google', 'github'] }) kind: 'oidc' | 'google' | 'github';
  @ApiProperty() label: string;
  @ApiProperty({ description: 'where the browser goes to start the sign-in' }) startUrl: string;
}
