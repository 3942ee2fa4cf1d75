import { describeWebhookAttacks } from './webhooks';

describeWebhookAttacks('serebro');
