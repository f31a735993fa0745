import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Refusal } from '../platform/refusal.ts';

export interface WebhookUrlPolicy {
  /** Lets a subscription reach a receiver on this machine (127.0.0.0/8, ::1), over http too: tests and drills only. */
  allowLoopback: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses a webhook must never reach (SSRF): this machine, private networks, link-local, carrier NAT, multicast. */
const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3]
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8]
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

const invalid = (code: string, message: string) => new Refusal('invalid', `webhook.${code}`, message);

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is checked as the IPv4 address it carries. */
function classify(address: string): 'loopback' | 'internal' | 'public' {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(ip, family)) return 'loopback';
  return internal.check(ip, family) ? 'internal' : 'public';
}

/**
 * Checks a receiver's address before a subscription is made and again before each delivery (a name may come to
 * point elsewhere): https to a public address; http or https to this machine only when the policy allows it. Refuses
 * private networks whatever the policy. Returns the URL in its normal form.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: WebhookUrlPolicy,
  resolve: (host: string) => Promise<string[]> = async host =>
    (await lookup(host, { all: true, verbatim: true })).map(a => a.address)
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url-invalid', '回调地址不是有效的网址，应形如 https://example.gov.cn/banshi/webhook。');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('url-scheme', '回调地址须使用 https。');
  if (url.username || url.password)
    throw invalid('url-credentials', '回调地址不能包含用户名或密码；请以签名核验来源。');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (host === 'localhost' || host.endsWith('.localhost')) addresses = ['127.0.0.1'];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw invalid('url-unresolved', `无法解析回调地址的域名“${host}”，请检查地址是否正确。`);
    }
  }
  const kinds = addresses.map(classify);
  if (kinds.includes('internal'))
    throw invalid('url-internal', '回调地址指向内部网络（本机、内网或保留地址），不允许推送。');
  if (kinds.includes('loopback') && !policy.allowLoopback)
    throw invalid('url-internal', '回调地址指向本机，不允许推送。');
  if (url.protocol === 'http:' && !kinds.every(k => k === 'loopback'))
    throw invalid('url-scheme', '回调地址须使用 https（仅测试环境允许以 http 推送到本机）。');
  return url.toString();
}
