import { describeInputProperties } from './inputs';

describeInputProperties('serebro', { part: 'more', keys: (key) => !key.includes('contact') });
