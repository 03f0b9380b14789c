// The app's entry: Metro bundles it for android and ios, hermesc compiles it, and the Hermes
// VM runs it (scripts/run.mjs). It imports the four packages as an app does and checks, one
// line per check, what an app on a device relies on.
import './native/linkNativeModules';
import { abortedWait } from './checks/abortedWait';
import { checkpoint } from './checks/checkpoint';
import { conditions } from './checks/conditions';
import { crashRecovery } from './checks/crashRecovery';
import { environment } from './checks/environment';
import { lifecycle } from './checks/lifecycle';
import { missingNativeModule } from './checks/missingNativeModule';
import { opSqliteStore } from './checks/opSqliteStore';
import { osWake } from './checks/osWake';
import { reactHooks } from './checks/reactHooks';
import { runChecks } from './harness';

void runChecks([
  environment,
  lifecycle,
  crashRecovery,
  osWake,
  conditions,
  checkpoint,
  opSqliteStore,
  missingNativeModule,
  abortedWait,
  reactHooks,
]);
