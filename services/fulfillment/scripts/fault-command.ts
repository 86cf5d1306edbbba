import { FULFILLMENT_STEPS, type FulfillmentStep, isFulfillmentStep } from '../src/domain/saga.ts';

export const FAULTS_USAGE = `Usage: npx tsx services/fulfillment/scripts/faults.ts <command> [--stage <stage>] [--table <name>]

Commands:
  fail <STEP>   make every attempt of STEP fail until cleared (STEP: ${FULFILLMENT_STEPS.join(' | ')})
  clear         remove the fault: every step runs normally again
  show          print the current setting

--stage defaults to local (table shop-fulfillment-<stage>).`;

/** What the operator asked for. */
export type FaultCommand = { kind: 'fail'; step: FulfillmentStep } | { kind: 'clear' } | { kind: 'show' };

/** A command line the script cannot act on; its message says how to call it. */
export class FaultCommandError extends Error {
  override readonly name: string = 'FaultCommandError';
}

/** Reads the positional arguments of `faults.ts`, refusing anything it does not know. */
export function parseFaultCommand(positionals: readonly string[]): FaultCommand {
  const [command, argument, ...rest] = positionals;
  if (command === 'fail' && isFulfillmentStep(argument) && rest.length === 0) return { kind: 'fail', step: argument };
  if ((command === 'clear' || command === 'show') && argument === undefined) return { kind: command };
  const problem =
    command === 'fail'
      ? `fail needs one step, one of ${FULFILLMENT_STEPS.join(', ')}; got ${argument ?? 'nothing'}`
      : `unknown command: ${positionals.join(' ') || '(none)'}`;
  throw new FaultCommandError(`${problem}\n\n${FAULTS_USAGE}`);
}
