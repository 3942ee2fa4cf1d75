import { describeInputProperties } from './inputs';

describeInputProperties('cerbo');
