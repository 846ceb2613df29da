// Incident severity from the runbook. Severity 4 is a ticket category (questions, requests,
// documentation errors), not an outage: incidents take 1-3, and severity 4 belongs in an announcement.

export const INCIDENT_SEVERITIES = [1, 2, 3] as const;
export const RUNBOOK_SEVERITIES = [1, 2, 3, 4] as const;
export type RunbookSeverity = (typeof RUNBOOK_SEVERITIES)[number];

export const SEVERITY_4_REFUSAL = 'Severity 4 is a ticket category, not an outage: publish a general announcement instead';

export const SEVERITY_NAMES: Record<RunbookSeverity, string> = {
  1: 'complete outage',
  2: 'severely disrupted',
  3: 'partial loss of non-critical function',
  4: 'informational',
};

// The runbook's definitions in full, paraphrased. Each platform starts with these; admins may edit them.
export const DEFAULT_SEVERITY_DEFINITIONS: Record<RunbookSeverity, string> = {
  1: 'A complete outage: customers cannot conduct their business, the system or application is entirely unavailable and no workaround exists. It affects all users of the platform and is caused by the failure of one or more supported components. Also any security or other threat that puts the data integrity or privacy of customers or their users at risk.',
  2: 'Operation is severely disrupted: a business-critical component cannot be used by most users of the platform.',
  3: 'A partial loss of non-critical functionality that impairs many operations but lets customers continue to operate; it may affect single or many users. Also problems in a test or pre-production environment that would normally harm a production system.',
  4: 'General usage questions, requests for product enhancements or changes, and calls passed on for information only, including documentation and translation errors. Not an outage: handled as a ticket, or told to customers as a general announcement.',
};

// Phone escalation (numbers sent privately to each customer) is available for these after a ticket.
export function hasPhoneEscalation(severity: number): boolean {
  return severity <= 2;
}
