// What the app imports as '@react-native-community/netinfo' (metro.config.js maps it here):
// the adapter's own NetInfo fake (packages/adapter-rn/test/fakes), starting on wifi.
import { fakeNetInfo, wifi } from '../../../../packages/adapter-rn/test/fakes/fakeReactNative';

const control = fakeNetInfo(wifi);

const NetInfo = control.netInfo;
export default NetInfo;

/** Drives the fake from the checks: the network as the OS reports it. */
export const device = control;
