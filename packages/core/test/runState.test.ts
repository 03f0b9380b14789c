import { describe, expect, it } from 'vitest';
import { holdsSlot, nextRunState, type RunEvent, type RunState } from '../src/runState';

const STATES: RunState[] = ['starting', 'running', 'stopping', 'ended'];
const EVENTS: RunEvent[] = ['called', 'abort', 'settled'];

describe('the run state machine', () => {
  it('moves a run from its start to its end along the drawn edges only', () => {
    const edges: string[] = [];
    for (const state of STATES)
      for (const event of EVENTS) {
        const next = nextRunState(state, event);
        if (next) edges.push(`${state} --${event}--> ${next}`);
      }
    expect(edges).toEqual([
      'starting --called--> running',
      'starting --abort--> ended',
      'running --abort--> stopping',
      'running --settled--> ended',
      'stopping --settled--> ended',
    ]);
  });

  it('holds a slot only while the run starts or its handler runs, not once it was told to stop', () => {
    expect(STATES.filter(holdsSlot)).toEqual(['starting', 'running']);
  });
});
