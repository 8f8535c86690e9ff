import type { Policy } from '../types';

export function setPolicy(p: Policy, encrypts: Policy['encrypts'], chain: Policy['verifiesChain'], host: Policy['verifiesHost']): Policy {
  p.encrypts = encrypts;
  p.verifiesChain = chain;
  p.verifiesHost = host;
  return p;
}
