// The page: a form that queues uploads, and the jobs of every tab, live, through
// @nightshift/react. Reload it, or open it in a second tab: the list is the same.
import { useJobs, useQueueStats } from '@nightshift/react';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { upload } from './jobs';
import { queue } from './queue';

function Uploads() {
  const jobs = useJobs(queue);
  const { counts } = useQueueStats(queue);
  const [name, setName] = useState('notes.txt');
  const [error, setError] = useState<string>();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await queue.enqueue(upload, { name, text: `uploaded at ${new Date().toISOString()}` });
    } catch (e) {
      setError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }

  return (
    <main>
      <h1>Uploads</h1>
      <form onSubmit={submit}>
        <input aria-label="file name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Queue upload</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <p data-testid="counts">
        {counts.enqueued + counts.running} pending, {counts.succeeded} sent, {counts.failed} failed
      </p>
      <ul>
        {jobs.map((job) => (
          <li key={job.id} data-id={job.id} data-state={job.state}>
            {job.payload.name}: {job.state}
            {job.progress?.message ? ` (${job.progress.message})` : ''}
            {job.error ? `: ${job.error.message}` : ''}
          </li>
        ))}
      </ul>
    </main>
  );
}

function App() {
  const [ready, setReady] = useState<string>('starting');
  useEffect(() => {
    queue.start().then(
      () => setReady('ready'),
      (e: Error) => setReady(`${e.name}: ${e.message}`),
    );
  }, []);
  return ready === 'ready' ? <Uploads /> : <p data-testid="status">{ready}</p>;
}

createRoot(document.getElementById('root')!).render(<App />);
