import { describePort } from '../../../src/gather/port-catalogue.js';
import type { PortProbe, PortScan, PortState } from '../../../src/gather/ports.js';

export function probe(port: number, state: PortState, service?: string): PortProbe {
  return { ...describePort(port, service), origin: 'list', state };
}

export function scan(probes: PortProbe[], address = '203.0.113.7'): PortScan {
  return { host: 'api.example.com', address, servedPorts: [443], list: 'built-in', probes };
}
