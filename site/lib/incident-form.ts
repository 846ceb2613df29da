// Reading the incident forms' service-state selects (impact-<serviceId>) into the services' input.
import { text } from './admin-form';

export function readImpacts(form: FormData, services: { id: number }[]): { serviceId: number; impact: string }[] {
  return services.map((s) => ({ serviceId: s.id, impact: text(form, `impact-${s.id}`) || 'operational' }));
}

export function impactValues(list: { serviceId: number; impact: string }[]): Record<number, string> {
  return Object.fromEntries(list.map((a) => [a.serviceId, a.impact]));
}
