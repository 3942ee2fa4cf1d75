import { describeInputProperties } from './inputs';

describeInputProperties('sergio');
