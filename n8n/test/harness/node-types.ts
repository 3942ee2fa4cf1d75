import { NodeHelpers, type IDataObject, type INodeType, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';

/** The node types a run may use, by their description's `name`: what n8n's server loads from installed packages. */
export class NodeTypeRegistry implements INodeTypes {
  private readonly types = new Map<string, INodeType | IVersionedNodeType>();

  constructor(nodeTypes: Iterable<INodeType | IVersionedNodeType>) {
    for (const nodeType of nodeTypes) {
      const { name } = nodeType.description;
      if (this.types.has(name)) throw new Error(`Two node types are named "${name}"; a run can tell them apart only by name.`);
      this.types.set(name, nodeType);
    }
  }

  getByName(name: string): INodeType | IVersionedNodeType {
    const nodeType = this.types.get(name);
    if (!nodeType) throw new Error(`No node type named "${name}" was given to the run (it has ${[...this.types.keys()].join(', ')}).`);
    return nodeType;
  }

  getByNameAndVersion(name: string, version?: number): INodeType {
    return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
  }

  getKnownTypes(): IDataObject {
    return Object.fromEntries([...this.types].map(([name, nodeType]) => [name, { className: nodeType.constructor.name }]));
  }
}

/** The version a new node of this type gets in n8n's editor: the versioned type's default, else the highest listed. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
  if ('nodeVersions' in nodeType) return nodeType.description.defaultVersion ?? Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
  const { version } = nodeType.description;
  return Array.isArray(version) ? Math.max(...version) : version;
}
