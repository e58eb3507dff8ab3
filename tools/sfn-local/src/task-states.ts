import { SfnLocalError } from "./errors.ts";
import type { AslState, StateMachineDefinition } from "./render.ts";

/**
 * Every state of a definition by name, Parallel branches and Map processors included.
 * aws-local-stepfunctions binds overrides by state name across all levels, so a name used twice
 * would bind two states to one handler: that is refused (Step Functions refuses it too).
 */
export const allStates = (definition: Pick<StateMachineDefinition, "States">): Map<string, AslState> => {
  const states = new Map<string, AslState>();
  const visit = (machine: { States: Record<string, AslState> }) => {
    for (const [name, state] of Object.entries(machine.States)) {
      if (states.has(name)) throw new SfnLocalError(`state name ${name} is used more than once`);
      states.set(name, state);
      for (const branch of state.Branches ?? []) visit(branch);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) visit(processor);
    }
  };
  visit(definition);
  return states;
};
