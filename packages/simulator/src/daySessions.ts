const MIN = 60_000;
const HOUR = 60 * MIN;

/** One day of a user's habits, from {@link daySessions}. */
export interface UserDay {
  /** When the user wakes up. */
  wake: number;
  /** When the user goes to bed. */
  bed: number;
  /** App sessions `[start, end]`, in order, never overlapping. */
  sessions: Array<[number, number]>;
}

/** What shapes a day's sessions. */
export interface HabitOptions {
  /** Sessions per day, the first right after waking up. */
  sessionsPerDay: number;
  /** Shortest and longest session, in minutes. */
  sessionMinutes: [number, number];
  /** The user's usual times of day for the sessions after the first, in ms after midnight. */
  routine: readonly number[];
  /** The chance that a session keeps to its usual time (± 20 min) instead of falling anywhere in the day. */
  habit: number;
}

/**
 * The user's routine: `count` usual times of day for opening the app, spread over the
 * waking hours, drawn once per scenario so that every day (and the days before the
 * simulation) shares it.
 *
 * @param count - how many usual times.
 * @param random - a seeded stream.
 * @returns times of day in ms after midnight, in order.
 * @example
 * const routine = userRoutine(9, createSeededRandom(1));
 */
export function userRoutine(count: number, random: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((7.5 + 15 * random()) * HOUR);
  return out.sort((a, b) => a - b);
}

/**
 * One day of the user: waking up around 7:00, to bed around 23:00, a session a few minutes
 * after waking up and the others at the routine's times (with the habit's chance) or
 * anywhere in the waking day, never overlapping. Draws from `random` in a fixed order.
 *
 * @param day - midnight of the day.
 * @param random - a seeded stream.
 * @param o - the habits.
 * @returns the day's wake-up, bedtime and sessions.
 * @example
 * const { sessions } = daySessions(0, createSeededRandom(1), { sessionsPerDay: 10, sessionMinutes: [1, 8], routine, habit: 0.6 });
 */
export function daySessions(day: number, random: () => number, o: HabitOptions): UserDay {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const wake = day + 7 * HOUR + between(-30, 30) * MIN;
  const bed = day + 23 * HOUR + between(-45, 30) * MIN;
  const starts = o.sessionsPerDay > 0 ? [wake + between(2, 10) * MIN] : [];
  const lo = wake + 20 * MIN;
  const hi = bed - 10 * MIN;
  for (let i = 1; i < o.sessionsPerDay; i++) {
    const usual = o.routine[(i - 1) % Math.max(1, o.routine.length)];
    const keep = random() < o.habit;
    const at = keep && usual !== undefined ? day + usual + between(-20, 20) * MIN : between(lo, hi);
    starts.push(Math.min(hi, Math.max(lo, at)));
  }
  starts.sort((a, b) => a - b);
  const sessions: Array<[number, number]> = [];
  let free = wake;
  for (const s of starts) {
    const start = Math.max(s, free + 2 * MIN);
    const end = start + between(o.sessionMinutes[0], o.sessionMinutes[1]) * MIN;
    sessions.push([start, end]);
    free = end;
  }
  return { wake, bed, sessions };
}
