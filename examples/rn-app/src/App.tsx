import { useJob, useJobs, useQueueStats } from '@nightshift/react';
import { useState } from 'react';
import { Button, FlatList, StyleSheet, Text, View } from 'react-native';
import { uploadPhoto } from './jobs/uploadPhoto';
import { queue, ready } from './nightshift';

const UPLOAD_ENDPOINT = 'https://uploads.example.com/files';

/**
 * Stands in for an image picker (expo-image-picker, react-native-image-picker): returns a
 * local URI that `fetch` can read.
 */
async function pickPhoto(n: number): Promise<{ uri: string; fileName: string }> {
  return { uri: `file:///data/photos/IMG_${1000 + n}.jpg`, fileName: `IMG_${1000 + n}.jpg` };
}

export function App() {
  // Every upload, ordered by creation; re-renders only when the list itself changes.
  const uploads = useJobs(queue, { name: uploadPhoto.name });
  const { counts } = useQueueStats(queue);
  const [adding, setAdding] = useState(false);

  const addPhoto = async () => {
    setAdding(true);
    try {
      await ready; // enqueue before the store is loaded would reject
      const photo = await pickPhoto(uploads.length + 1);
      // Written to SQLite before it resolves: the upload survives the app being killed now.
      await queue.enqueue(uploadPhoto, { ...photo, endpoint: UPLOAD_ENDPOINT }, { tags: ['photos'] });
    } finally {
      setAdding(false);
    }
  };

  return (
    <View style={styles.screen}>
      <Text style={styles.title}>Uploads</Text>
      <Text style={styles.muted}>
        {counts.enqueued + counts.running} pending · {counts.succeeded} done · {counts.failed} failed
      </Text>
      <Button title={adding ? 'Adding…' : 'Add photo'} onPress={addPhoto} disabled={adding} />
      <FlatList
        data={uploads}
        keyExtractor={(job) => job.id}
        // Each row subscribes to its own job: a progress tick re-renders that row only.
        renderItem={({ item }) => <UploadRow id={item.id} />}
        ListEmptyComponent={<Text style={styles.muted}>No uploads yet.</Text>}
        contentContainerStyle={styles.list}
      />
    </View>
  );
}

function UploadRow({ id }: { id: string }) {
  const job = useJob(queue, id);
  if (!job || job.name !== uploadPhoto.name) return null;
  const value = job.state === 'succeeded' ? 1 : (job.progress?.value ?? 0);
  const percent = Math.round(value * 100);
  const finished = job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';

  return (
    <View style={styles.row} accessibilityLabel={`${job.payload.fileName}, ${job.state}, ${percent}%`}>
      <View style={styles.rowHeader}>
        <Text style={styles.name} numberOfLines={1}>
          {job.payload.fileName}
        </Text>
        <Text style={styles.muted}>{describe(job.state, percent, job.interruptions)}</Text>
      </View>
      <View style={styles.track}>
        <View style={[styles.bar, { width: `${percent}%` }, job.state === 'failed' && styles.barFailed]} />
      </View>
      {job.progress?.message && !finished ? <Text style={styles.muted}>{job.progress.message}</Text> : null}
      {job.error ? <Text style={styles.error}>{job.error.message}</Text> : null}
      {finished ? null : <Button title="Cancel" onPress={() => void queue.cancel(id)} />}
    </View>
  );
}

function describe(state: string, percent: number, interruptions: number): string {
  switch (state) {
    case 'running':
      return `${percent}%`;
    case 'enqueued':
      // Waiting for its turn, a network, a background window, or a retry.
      return interruptions > 0 ? `paused at ${percent}%` : 'waiting';
    default:
      return state;
  }
}

const styles = StyleSheet.create({
  screen: { flex: 1, padding: 16, gap: 8 },
  title: { fontSize: 24, fontWeight: '700' },
  muted: { color: '#666', fontSize: 13 },
  list: { gap: 12, paddingVertical: 8 },
  row: { gap: 4 },
  rowHeader: { flexDirection: 'row', justifyContent: 'space-between', gap: 8 },
  name: { flex: 1, fontSize: 16 },
  track: { height: 6, borderRadius: 3, backgroundColor: '#e5e5e5', overflow: 'hidden' },
  bar: { height: 6, backgroundColor: '#2f6fec' },
  barFailed: { backgroundColor: '#d33' },
  error: { color: '#d33', fontSize: 13 },
});
