import { describeInputProperties } from './inputs';

// Serebro has the most actions: its contacts share one file, everything else the other.
describeInputProperties('serebro', { part: 'contacts', keys: (key) => key.includes('contact') });
