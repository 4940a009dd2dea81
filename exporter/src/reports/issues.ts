/**
 * Says what a zod issue in a report body expected, never the value received: report
 * bodies come from jobs on the node and may carry secrets. Shared by the config
 * reports and the symptom reports.
 */
import type { z } from 'zod';

export interface IssueWording {
  /** Said of an unknown field, e.g. the fields allowed. */
  unknownKeys: string;
  /** `by-name` says the format's name (`invalid format (regex)`); `by-message` the schema's own message. */
  formats: 'by-name' | 'by-message';
}

export function describeIssue(issue: z.core.$ZodIssue, wording: IssueWording): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `too long or too large (max ${String(issue.maximum)})`;
    case 'too_small':
      return `too short or too small (min ${String(issue.minimum)})`;
    case 'unrecognized_keys':
      return wording.unknownKeys;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (wording.formats === 'by-name') return `invalid format (${issue.format})`;
      return issue.message.slice(0, 120);
    default:
      return issue.message.slice(0, 120);
  }
}
