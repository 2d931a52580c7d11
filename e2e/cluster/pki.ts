import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** File paths of the credentials a local control plane needs. */
export interface Pki {
  readonly caCert: string;
  readonly caKey: string;
  readonly servingCert: string;
  readonly servingKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  /** Signs service-account tokens (apiserver and controller-manager). */
  readonly serviceAccountKey: string;
  /** Verifies them: --service-account-key-file wants a public key (a PKCS#8 private key is rejected). */
  readonly serviceAccountPub: string;
}

export function resolvePki(dir: string): Pki {
  return {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    adminCert: join(dir, 'admin.crt'),
    adminKey: join(dir, 'admin.key'),
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPub: join(dir, 'sa.pub'),
  };
}

// P-256 keys: generated in milliseconds, accepted for TLS and for ES256 service-account tokens.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const DAYS = '365';

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`);
  }
}

async function signLeaf(pki: Pki, dir: string, name: string, subject: string, extensions: string,
  cert: string, key: string): Promise<void> {
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  await writeFile(ext, extensions);
  await openssl(['req', ...NEW_KEY, '-subj', subject, '-keyout', key, '-out', csr]);
  await openssl(['x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-days', DAYS,
    '-set_serial', `0x${randomBytes(12).toString('hex')}`, '-extfile', ext, '-out', cert]);
}

/** Generates a throw-away CA, the apiserver serving cert, an admin client cert and the SA key. */
export async function generatePki(dir: string): Promise<Pki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pki = resolvePki(dir);
  await openssl(['req', '-x509', ...NEW_KEY, '-days', DAYS, '-subj', '/CN=istio-operator-e2e-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', pki.caKey, '-out', pki.caCert]);
  const leafUsage = 'keyUsage=critical,digitalSignature,keyEncipherment\n';
  await signLeaf(pki, dir, 'apiserver', '/CN=kube-apiserver',
    `${leafUsage}extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n`,
    pki.servingCert, pki.servingKey);
  // O=system:masters: the admin (also used by KCM, scheduler and kwok) bypasses RBAC.
  await signLeaf(pki, dir, 'admin', '/O=system:masters/CN=e2e-admin',
    `${leafUsage}extendedKeyUsage=clientAuth\n`, pki.adminCert, pki.adminKey);
  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-out', pki.serviceAccountKey]);
  await openssl(['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}
