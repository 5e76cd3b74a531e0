// The architecture picture of a deployment, drawn from its plan (`cagw plan --svg`), so it shows
// exactly the stacks and steps a deploy creates, in dependency order, each with the main AWS
// resources its template declares. Columns are dependency depth; arrows go from what a node
// needs to the node.
import type { DeploymentPlan, NodeId, PlanNode } from '../orchestrate/stack-plan.ts';

// the resource types worth a line in a box, in the order they are listed, with a short name
const NOTABLE: [string, string][] = [
  ['AWS::EC2::VPC', 'VPC'],
  ['AWS::EC2::NatGateway', 'NAT gateway'],
  ['AWS::EC2::ClientVpnEndpoint', 'Client VPN endpoint'],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'load balancer'],
  ['AWS::ECS::Service', 'ECS service'],
  ['AWS::ECR::Repository', 'ECR repository'],
  ['AWS::RDS::DBInstance', 'RDS PostgreSQL'],
  ['AWS::Cognito::UserPool', 'Cognito user pool'],
  ['AWS::Cognito::UserPoolClient', 'Cognito app client'],
  ['AWS::Route53::RecordSet', 'DNS record'],
  ['AWS::SecretsManager::Secret', 'secret'],
  ['AWS::CloudWatch::Alarm', 'alarm'],
  ['AWS::SNS::Topic', 'alarm topic'],
  ['AWS::Logs::LogGroup', 'log group'],
];

const BOX_W = 230;
const LINE_H = 15;
const GAP_X = 70;
const GAP_Y = 24;
const MARGIN = 20;
const TITLE_H = 40;
// characters per line of a step's summary inside a box
const WRAP_AT = 34;

interface Box {
  node: PlanNode;
  title: string;
  lines: string[];
  x: number;
  y: number;
  h: number;
}

export function architectureSvg(plan: DeploymentPlan): string {
  const byId = new Map(plan.nodes.map((node) => [node.id, node]));
  const depth = new Map<NodeId, number>();
  const depthOf = (node: PlanNode): number => {
    const known = depth.get(node.id);
    if (known !== undefined) return known;
    const d = Math.max(-1, ...node.dependsOn.map((id) => (byId.has(id) ? depthOf(byId.get(id)!) : -1))) + 1;
    depth.set(node.id, d);
    return d;
  };
  const columns: PlanNode[][] = [];
  for (const node of plan.nodes) (columns[depthOf(node)] ??= []).push(node);

  const boxes = new Map<NodeId, Box>();
  let height = 0;
  columns.forEach((column, c) => {
    let y = MARGIN + TITLE_H;
    for (const node of column) {
      const lines = node.kind === 'stack' ? resourceLines(node.templateBody) : wrap(node.summary, WRAP_AT);
      const h = 28 + lines.length * LINE_H;
      boxes.set(node.id, { node, title: node.kind === 'stack' ? node.stackName : `step: ${node.id}`, lines, x: MARGIN + c * (BOX_W + GAP_X), y, h });
      y += h + GAP_Y;
    }
    height = Math.max(height, y);
  });
  const width = MARGIN * 2 + columns.length * BOX_W + (columns.length - 1) * GAP_X;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + MARGIN}" viewBox="0 0 ${width} ${height + MARGIN}" font-family="sans-serif" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<text x="${MARGIN}" y="${MARGIN + 14}" font-size="15" font-weight="bold">${escape(`${plan.prefix} in ${plan.region}: ${plan.nodes.filter((n) => n.kind === 'stack').length} stacks, in deploy order`)}</text>`,
  ];
  for (const box of boxes.values()) {
    for (const need of box.node.dependsOn) {
      const from = boxes.get(need);
      if (!from) continue;
      parts.push(`<line class="edge" data-from="${escape(from.title)}" data-to="${escape(box.title)}" x1="${from.x + BOX_W}" y1="${from.y + from.h / 2}" x2="${box.x}" y2="${box.y + box.h / 2}" stroke="#555" marker-end="url(#arrow)"/>`);
    }
  }
  for (const box of boxes.values()) {
    const fill = box.node.kind === 'stack' ? '#eef4fb' : '#f6f6f6';
    parts.push(`<g class="node" data-id="${box.node.id}">`);
    parts.push(`<rect x="${box.x}" y="${box.y}" width="${BOX_W}" height="${box.h}" rx="6" fill="${fill}" stroke="#36c"/>`);
    parts.push(`<text x="${box.x + 8}" y="${box.y + 18}" font-weight="bold">${escape(box.title)}</text>`);
    box.lines.forEach((line, i) => parts.push(`<text x="${box.x + 8}" y="${box.y + 36 + i * LINE_H}">${escape(line)}</text>`));
    parts.push('</g>');
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The notable resources a template declares, counted: "2 × load balancer". */
function resourceLines(templateBody: string): string[] {
  const counts = new Map<string, number>();
  for (const match of templateBody.matchAll(/["']?\bType["']?\s*:\s*["']?(AWS::[A-Za-z0-9:]+)/g)) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  const lines = NOTABLE.filter(([type]) => counts.has(type)).map(([type, name]) => (counts.get(type)! > 1 ? `${counts.get(type)} × ${name}` : name));
  return lines.length > 0 ? lines : [`${[...counts.values()].reduce((a, b) => a + b, 0)} resources`];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
