// The mails about an account's address and password. Each names why it was sent (docs/mail.md).
import type { JobClient } from '@margins/jobs';
import { queueMail } from '@margins/mail';

const link = (siteUrl: string, path: string) => new URL(path, siteUrl).toString();

/** "a***@example.com": enough for the owner to recognise, not a full address in someone else's inbox. */
export function maskAddress(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export function queueVerifyMail(
  tx: JobClient,
  o: { siteUrl: string; to: string; username: string; token: string },
) {
  return queueMail(tx, {
    kind: 'verify-email',
    to: o.to,
    subject: 'Confirm your address on Margins',
    paragraphs: [
      `Hello ${o.username},`,
      `Someone (we hope you) asked to use this address for the Margins account "${o.username}". Confirm it, and this address can recover the account if the password is forgotten.`,
      'The link works once, for 48 hours.',
    ],
    action: { label: 'Confirm this address', url: link(o.siteUrl, `/verify/${o.token}`) },
    reason:
      'You get this mail because this address was entered for a Margins account. If that was not you, ignore it: nothing else is sent to this address unless it is confirmed.',
  });
}

/** To the verified owner of an address someone else tried to use: no link, and the sign-up page said nothing. */
export function queueAddressInUseMail(
  tx: JobClient,
  o: { siteUrl: string; to: string; username: string; attemptedBy: string },
) {
  return queueMail(tx, {
    kind: 'address-in-use',
    to: o.to,
    subject: 'Your address was entered for another Margins account',
    paragraphs: [
      `Hello ${o.username},`,
      `This address was just entered for another Margins account ("${o.attemptedBy}"). It stays with your account "${o.username}"; the other account did not get it.`,
      'If that was you and you have forgotten your password, you can reset it.',
    ],
    action: { label: 'Reset your password', url: link(o.siteUrl, '/forgot') },
    reason: 'You get this mail because this is the confirmed address of your Margins account.',
  });
}

export function queueResetMail(
  tx: JobClient,
  o: { siteUrl: string; to: string; username: string; token: string },
) {
  return queueMail(tx, {
    kind: 'password-reset',
    to: o.to,
    subject: 'Reset your Margins password',
    paragraphs: [
      `Hello ${o.username},`,
      'Someone (we hope you) asked to reset the password of your Margins account. Choose a new one with the link below. Every device signed in to your account will be signed out.',
      'The link works once, for one hour. If you did not ask, ignore this mail: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: link(o.siteUrl, `/reset/${o.token}`) },
    reason: 'You get this mail because a password reset was asked for the Margins account with this address.',
  });
}

export function queueAddressChangedMail(
  tx: JobClient,
  o: { to: string; username: string; newEmail: string },
) {
  return queueMail(tx, {
    kind: 'address-changed',
    to: o.to,
    subject: 'Your Margins address was changed',
    paragraphs: [
      `Hello ${o.username},`,
      `The address of your Margins account "${o.username}" is now ${maskAddress(o.newEmail)}. Mail about the account no longer comes here.`,
      'If you did not change it, someone else may be signed in to your account: reply to the site administrators at once.',
    ],
    reason: 'You get this mail because this was the confirmed address of the account until now.',
  });
}
