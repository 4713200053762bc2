export { escapeHtml, renderMail, type MailContent } from './render';
export { MAIL_ATTEMPTS, MAIL_TASK, queueMail, type MailRequest } from './outbox';
export { mailTasks, smtpTransport, type MailTaskOptions, type MailTransport } from './send';
