// The detection fields of a service form (probe, outage definition, incident text), read as typed
// so a refused form comes back unchanged, and turned into SaveServiceInput's nested parts.
import { ValidationError } from '../../api/errors';
import type { ServiceDetectionValues } from '../../api/services/detection/service-settings';
import { text } from './admin-form';

export const DETECTION_KEYS = ['probeUrl', 'probeIntervalSeconds', 'probeCredentials', 'slowerThanSeconds', 'forSeconds', 'detectionTitle', 'detectionImpact', 'detectionSeverity'] as const;
export type DetectionFormValues = Record<(typeof DETECTION_KEYS)[number], string>;

// Input paths of SaveServiceInput -> form field names.
const FIELD_OF: Record<string, (typeof DETECTION_KEYS)[number]> = {
  'probe.url': 'probeUrl', 'probe.intervalSeconds': 'probeIntervalSeconds', 'probe.credentials': 'probeCredentials',
  'outage.slowerThanSeconds': 'slowerThanSeconds', 'outage.forSeconds': 'forSeconds',
  'detection.title': 'detectionTitle', 'detection.userImpact': 'detectionImpact', 'detection.severity': 'detectionSeverity',
};

export function readDetection(form: FormData): DetectionFormValues {
  return Object.fromEntries(DETECTION_KEYS.map((k) => [k, text(form, k)])) as DetectionFormValues;
}

export function detectionValuesOf(v: ServiceDetectionValues): DetectionFormValues {
  return {
    probeUrl: v.probe?.url ?? '', probeIntervalSeconds: String(v.probe?.intervalSeconds ?? 60), probeCredentials: v.probe?.credentials ?? '',
    slowerThanSeconds: String(v.outage.slowerThanSeconds), forSeconds: String(v.outage.forSeconds),
    detectionTitle: v.detection.title, detectionImpact: v.detection.userImpact, detectionSeverity: String(v.detection.severity),
  };
}

export function toDetectionInput(v: DetectionFormValues) {
  return {
    probe: v.probeUrl.trim() === '' ? null : { url: v.probeUrl, intervalSeconds: v.probeIntervalSeconds, credentials: v.probeCredentials.trim() || null },
    outage: { slowerThanSeconds: v.slowerThanSeconds, forSeconds: v.forSeconds },
    detection: { title: v.detectionTitle, userImpact: v.detectionImpact, severity: v.detectionSeverity },
  };
}

// Messages for the detection fields of a refused service form, keyed by form field name.
export function detectionFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ValidationError)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = FIELD_OF[issue.field];
    if (key) out[key] ??= issue.message;
  }
  return out;
}
