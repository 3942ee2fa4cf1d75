import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

/**
 * The first node of every run: it emits the items the run was started with, as n8n's Manual Trigger
 * emits what a manual run hands it (n8n's own trigger nodes are in n8n-nodes-base, which is not installed).
 */
export class StartNode implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Start',
    name: 'harnessStart',
    group: ['trigger'],
    version: 1,
    description: "Emits the test run's input items",
    defaults: { name: 'Start' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    properties: [],
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
  }
}

/** The Start node's name in every run: connections from it start there. */
export const START = 'Start';
