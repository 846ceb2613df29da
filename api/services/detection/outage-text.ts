// What detection says in incidents and updates, with times in the platform's time zone.
import { DateTime } from 'luxon';
import type { Platform } from '../status/load';

export const clockTime = (at: Date, platform: Pick<Platform, 'timeZone'>) => DateTime.fromJSDate(at, { zone: platform.timeZone }).toFormat('HH:mm');

export function detectedMessage(a: { service: string; definition: string; detectedAt: Date; source: 'probe' | 'alert'; platform: Platform }): string {
  const how = a.source === 'alert' ? 'Our monitoring reported' : 'Our checks detected';
  return `${how} an outage of ${a.service} at ${clockTime(a.detectedAt, a.platform)} (${a.definition}). We are investigating. Expected time to restoration: not yet known.`;
}

export function joinedMessage(a: { service: string; detectedAt: Date; platform: Platform }): string {
  return `Our checks also detected an outage of ${a.service} at ${clockTime(a.detectedAt, a.platform)}. We are investigating.`;
}

export function recoveredMessage(a: { service: string; since: Date; platform: Platform }): string {
  return `${a.service} answers normally again since ${clockTime(a.since, a.platform)}; we are monitoring.`;
}

// "responses slower than 30 s for 15 minutes or more", as the public page also shows it.
export function describeDefinition(d: { slowerThanSeconds: number; forSeconds: number }): string {
  return `responses slower than ${duration(d.slowerThanSeconds)} for ${duration(d.forSeconds)} or more`;
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`;
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} s`;
}
