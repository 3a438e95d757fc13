import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, t=3, p=4), as OWASP recommends. */
@Injectable()
export class PasswordService {
  // Verified against when the account does not exist, so timing does not reveal which emails exist.
  private readonly dummyHash = argon2.hash('not-a-real-password', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }
}
