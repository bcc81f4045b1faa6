/**
 * Log export settings (SetLogDeliveryConfiguration / GetLogDeliveryConfiguration). They are
 * validated against AWS's rules, stored and returned; this server delivers no logs to CloudWatch,
 * S3 or Firehose.
 */
import type { LogConfigurationType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';

export const LOG_DELIVERY_SETTING = 'log_delivery';

const DESTINATIONS = [
  ['CloudWatchLogsConfiguration', 'LogGroupArn', /^arn:aws[\w-]*:logs:/, 'a CloudWatch Logs log group'],
  ['S3Configuration', 'BucketArn', /^arn:aws[\w-]*:s3:::/, 'an S3 bucket'],
  ['FirehoseConfiguration', 'StreamArn', /^arn:aws[\w-]*:firehose:/, 'a Data Firehose stream'],
] as const;

/** The configurations to store: one destination each, at most one per event source, the level and tier each source needs. */
export function logConfigurationsFrom(pool: PoolRecord, input: LogConfigurationType[]): LogConfigurationType[] {
  const seen = new Set<string>();
  const out: LogConfigurationType[] = [];
  for (const c of input) {
    if (seen.has(c.EventSource)) throw new CognitoError('InvalidParameterException', `LogConfigurations has more than one configuration for EventSource ${c.EventSource}.`);
    seen.add(c.EventSource);
    const given = DESTINATIONS.filter(([member]) => c[member] !== undefined);
    if (given.length !== 1) {
      throw new CognitoError('InvalidParameterException', 'Each log configuration needs exactly one destination: CloudWatchLogsConfiguration, S3Configuration or FirehoseConfiguration.');
    }
    const [member, arnKey, arnShape, what] = given[0]!;
    const arn = (c[member] as Record<string, string | undefined>)[arnKey];
    if (arn === undefined) throw new CognitoError('InvalidParameterException', `${member}.${arnKey} is required.`);
    if (!arnShape.test(arn)) throw new CognitoError('InvalidParameterException', `${member}.${arnKey} ${arn} is not the ARN of ${what}.`);
    if (c.EventSource === 'userNotification') {
      if (c.LogLevel !== 'ERROR') throw new CognitoError('InvalidParameterException', 'userNotification logs are exported at LogLevel ERROR.');
      if (member !== 'CloudWatchLogsConfiguration') throw new CognitoError('InvalidParameterException', 'userNotification logs can only be exported to CloudWatch Logs (CloudWatchLogsConfiguration).');
    } else {
      if (c.LogLevel !== 'INFO') throw new CognitoError('InvalidParameterException', 'userAuthEvents logs are exported at LogLevel INFO.');
      if (poolConfigOf(pool).UserPoolTier !== 'PLUS') {
        throw new CognitoError('FeatureUnavailableInTierException', 'Exporting userAuthEvents logs requires a user pool in the PLUS tier.');
      }
    }
    out.push({ LogLevel: c.LogLevel, EventSource: c.EventSource, [member]: { [arnKey]: arn } });
  }
  return out;
}
