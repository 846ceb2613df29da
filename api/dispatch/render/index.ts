// Which renderer makes the mail for each kind of delivery. Other features add their kinds here
// (one line each); the dispatcher refuses a delivery whose kind has no renderer.
import { renderDetectionNoticeMail } from '../../detection/notice-mail';
import { renderOperatorWarningMail } from './operator-warning-mail';
import { renderPublicationMail } from './publication-mail';
import { ALREADY_SUBSCRIBED_KIND, CONFIRMATION_KIND, LISTS_ADDED_KIND, renderAlreadySubscribedMail, renderConfirmationMail, renderListsAddedMail } from './subscription-mails';
import type { MailRenderer } from './types';
import { PERSONAL_MAIL_KIND, renderPersonalMail } from '../../services/organizations/personal-mail';
import { SIGN_IN_MAIL_KIND } from '../../services/customer-auth/sign-in-link';
import { renderSignInMail } from '../../services/customer-auth/sign-in-mail';

export type { DeliveryRow, MailRenderer, RenderedMail } from './types';

export const PUBLICATION_KIND = 'publication';
export const OPERATOR_WARNING_KIND = 'operator_warning';

export const mailRenderers: Record<string, MailRenderer> = {
  [PUBLICATION_KIND]: renderPublicationMail,
  [OPERATOR_WARNING_KIND]: renderOperatorWarningMail,
  [CONFIRMATION_KIND]: renderConfirmationMail,
  [ALREADY_SUBSCRIBED_KIND]: renderAlreadySubscribedMail,
  [LISTS_ADDED_KIND]: renderListsAddedMail,
  detection_notice: renderDetectionNoticeMail,
  [PERSONAL_MAIL_KIND]: renderPersonalMail,
  [SIGN_IN_MAIL_KIND]: renderSignInMail,
};
