// Pages, mails and error messages format instants the same way.
export * from '../../api/lib/format-time';
