// How open incidents and maintenance in progress roll up into service and platform states.
export const IMPACTS = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type Impact = (typeof IMPACTS)[number];
export type ServiceState = Impact | 'under_maintenance';
export type OverallState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance';

export type OpenIncident = {
  severity: number;
  services: { serviceId: number; impact: Impact }[];
};

export type ActiveMaintenance = { serviceIds: number[] };

// Worse states sort later; maintenance ranks below any real degradation.
const RANK: Record<ServiceState, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstState<T extends ServiceState>(states: T[], fallback: T): T {
  return states.reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), fallback);
}

// An incident that names no service still says something about the platform: use its severity.
export function impactOfSeverity(severity: number): Impact {
  if (severity <= 1) return 'major_outage';
  if (severity === 2) return 'partial_outage';
  if (severity === 3) return 'degraded_performance';
  return 'operational';
}

export function rollUpServiceStates(
  serviceIds: number[],
  incidents: OpenIncident[],
  maintenances: ActiveMaintenance[],
): Map<number, ServiceState> {
  const states = new Map<number, ServiceState>(serviceIds.map((id) => [id, 'operational']));
  for (const m of maintenances) {
    for (const id of m.serviceIds) {
      if (states.has(id)) states.set(id, worstState([states.get(id)!, 'under_maintenance'], 'operational'));
    }
  }
  for (const incident of incidents) {
    for (const { serviceId, impact } of incident.services) {
      if (states.has(serviceId)) states.set(serviceId, worstState([states.get(serviceId)!, impact], 'operational'));
    }
  }
  return states;
}

export function rollUpOverall(
  serviceStates: ServiceState[],
  incidents: OpenIncident[],
): OverallState {
  const fromSeverity = incidents
    .filter((i) => i.services.length === 0)
    .map((i) => impactOfSeverity(i.severity));
  const worst = worstState<ServiceState>([...serviceStates, ...fromSeverity], 'operational');
  switch (worst) {
    case 'major_outage':
      return 'major_outage';
    case 'partial_outage':
      return 'partial_outage';
    case 'degraded_performance':
      return 'degraded';
    case 'under_maintenance':
      return 'maintenance';
    default:
      return 'operational';
  }
}

export const OVERALL_LABELS: Record<OverallState, string> = {
  operational: 'All systems operational',
  degraded: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  maintenance: 'Under maintenance',
};

export const SERVICE_LABELS: Record<ServiceState, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};
