import { describe, expect, it } from 'vitest';
import { buildHistoryDays } from '../../api/domain/history';
import { impactOfSeverity, rollUpOverall, rollUpServiceStates, type OpenIncident } from '../../api/domain/status-rollup';

const SERVICES = [1, 2, 3, 4];

describe('rollUpServiceStates and rollUpOverall', () => {
  it.each<[string, OpenIncident[], number[][], Record<number, string>, string]>([
    ['nothing open', [], [], { 1: 'operational', 2: 'operational' }, 'operational'],
    ['one degraded service', [{ severity: 3, services: [{ serviceId: 2, impact: 'degraded_performance' }] }], [], { 2: 'degraded_performance', 1: 'operational' }, 'degraded'],
    ['partial beats degraded', [
      { severity: 3, services: [{ serviceId: 2, impact: 'degraded_performance' }] },
      { severity: 2, services: [{ serviceId: 3, impact: 'partial_outage' }] },
    ], [], { 2: 'degraded_performance', 3: 'partial_outage' }, 'partial_outage'],
    ['two incidents on one service: the worst wins', [
      { severity: 3, services: [{ serviceId: 1, impact: 'degraded_performance' }] },
      { severity: 1, services: [{ serviceId: 1, impact: 'major_outage' }] },
    ], [], { 1: 'major_outage' }, 'major_outage'],
    ['maintenance alone', [], [[3, 4]], { 3: 'under_maintenance', 4: 'under_maintenance', 1: 'operational' }, 'maintenance'],
    ['an outage during maintenance shows the outage', [{ severity: 2, services: [{ serviceId: 3, impact: 'partial_outage' }] }], [[3]], { 3: 'partial_outage' }, 'partial_outage'],
    ['an incident without services counts by severity 1', [{ severity: 1, services: [] }], [], { 1: 'operational' }, 'major_outage'],
    ['severity 4 without services changes nothing', [{ severity: 4, services: [] }], [], { 1: 'operational' }, 'operational'],
    ['an unknown service id is ignored', [{ severity: 3, services: [{ serviceId: 99, impact: 'major_outage' }] }], [], { 1: 'operational' }, 'operational'],
  ])('%s', (_name, incidents, maintenanceIds, expectedStates, expectedOverall) => {
    const states = rollUpServiceStates(SERVICES, incidents, maintenanceIds.map((serviceIds) => ({ serviceIds })));
    for (const [id, state] of Object.entries(expectedStates)) expect(states.get(Number(id))).toBe(state);
    expect(rollUpOverall([...states.values()], incidents)).toBe(expectedOverall);
  });

  it.each([[1, 'major_outage'], [2, 'partial_outage'], [3, 'degraded_performance'], [4, 'operational']])(
    'severity %i maps to %s',
    (severity, impact) => expect(impactOfSeverity(severity)).toBe(impact),
  );
});

describe('buildHistoryDays', () => {
  const base = { timeZone: 'Europe/Berlin', days: 3, serviceId: 1, maintenances: [] };

  it('marks the local day of an incident, not the UTC day', () => {
    // 23:30 UTC on 1 Mar is 00:30 on 2 Mar in Berlin.
    const days = buildHistoryDays({
      ...base,
      now: new Date('2027-03-03T12:00:00Z'),
      incidents: [{ serviceId: 1, impact: 'major_outage', from: new Date('2027-03-01T23:30:00Z'), to: new Date('2027-03-01T23:50:00Z') }],
    });
    expect(days.map((d) => [d.date, d.impact])).toEqual([
      ['2027-03-01', 'operational'],
      ['2027-03-02', 'major_outage'],
      ['2027-03-03', 'operational'],
    ]);
  });

  it('spreads an open incident up to today and ignores other services', () => {
    const days = buildHistoryDays({
      ...base,
      now: new Date('2027-03-03T12:00:00Z'),
      incidents: [
        { serviceId: 1, impact: 'partial_outage', from: new Date('2027-03-02T08:00:00Z'), to: null },
        { serviceId: 2, impact: 'major_outage', from: new Date('2027-03-01T08:00:00Z'), to: null },
      ],
    });
    expect(days.map((d) => d.impact)).toEqual(['operational', 'partial_outage', 'partial_outage']);
  });
});
