import { describeWebhookAttacks } from './webhooks';

describeWebhookAttacks('sergio');
