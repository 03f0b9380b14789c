// What the app imports as 'react-native-background-fetch' (metro.config.js maps it here): the
// adapter's own fake of the library's JS layer (packages/adapter-rn/test/fakes), linked and
// available. The checks drive OS events through `device`.
import { fakeBackgroundFetch } from '../../../../packages/adapter-rn/test/fakes/fakeBackgroundFetch';

const control = fakeBackgroundFetch();

const BackgroundFetch = control.BackgroundFetch;
export default BackgroundFetch;

/** Drives the fake from the checks: the OS side of background fetch. */
export const device = control;
