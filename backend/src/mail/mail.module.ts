import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service.js';
import { InvitationMailer } from './invitation-mailer.js';
import { TaskWaitNotifier } from './task-wait-notifier.js';

/** Outgoing mail, for every role (the worker sends task notifications). */
@Global()
@Module({
  providers: [MailService, TaskWaitNotifier, InvitationMailer],
  exports: [MailService, TaskWaitNotifier, InvitationMailer],
})
export class MailModule {}
