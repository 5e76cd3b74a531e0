import { ACMClient, DescribeCertificateCommand, type CertificateDetail } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, test } from 'vitest';
import { awsError, runOne, settingsFrom } from '../test-support.ts';
import { tlsCertificate } from './tls-certificate.ts';

const acm = mockClient(ACMClient);
beforeEach(() => {
  acm.reset();
  acm.onAnyCommand().rejects(new Error('unexpected ACM call'));
});

const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';
const NOW = new Date('2026-11-24T20:00:00Z');
const byo = settingsFrom({ CERT_ARN: ARN, ZONE: 'internal.example.com' }); // host claude-gateway.internal.example.com
const cert = (c: Partial<CertificateDetail>) => ({ Certificate: { CertificateArn: ARN, Status: 'ISSUED', Type: 'AMAZON_ISSUED', DomainName: '*.internal.example.com', NotAfter: new Date('2027-06-01T00:00:00Z'), ...c } as CertificateDetail });

test('an issued wildcard certificate covering the host passes', async () => {
  acm.on(DescribeCertificateCommand, { CertificateArn: ARN }).resolves(cert({}));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).status).toBe('pass');
});

test('a wildcard covers one label only: a deeper host fails', async () => {
  acm.on(DescribeCertificateCommand).resolves(cert({ DomainName: '*.example.com' }));
  const r = await runOne(tlsCertificate, byo, { now: NOW });
  expect(r).toMatchObject({ status: 'fail', message: 'the certificate covers *.example.com, not claude-gateway.internal.example.com' });
});

test('a SAN that names the host counts', async () => {
  acm.on(DescribeCertificateCommand).resolves(cert({ DomainName: 'other.example.com', SubjectAlternativeNames: ['other.example.com', 'claude-gateway.internal.example.com'] }));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).status).toBe('pass');
});

test('a certificate still pending validation fails', async () => {
  acm.on(DescribeCertificateCommand).resolves(cert({ Status: 'PENDING_VALIDATION' }));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).message).toContain('PENDING_VALIDATION, not ISSUED');
});

test('an imported certificate expiring within 30 days fails; an ACM-issued one only warns', async () => {
  acm.on(DescribeCertificateCommand).resolves(cert({ Type: 'IMPORTED', NotAfter: new Date('2026-12-10T00:00:00Z') }));
  expect(await runOne(tlsCertificate, byo, { now: NOW })).toMatchObject({ status: 'fail', message: expect.stringContaining('expires in 15 days') });
  acm.on(DescribeCertificateCommand).resolves(cert({ NotAfter: new Date('2026-12-10T00:00:00Z') }));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).status).toBe('warn');
});

test('a certificate that is not in the region fails', async () => {
  acm.on(DescribeCertificateCommand).rejects(awsError('ResourceNotFoundException'));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).message).toBe(`CERT_ARN ${ARN} does not exist in us-east-1`);
});

test('an AWS error fails the check with the API named', async () => {
  acm.on(DescribeCertificateCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
  expect((await runOne(tlsCertificate, byo, { now: NOW })).message).toBe('acm:DescribeCertificate failed: ThrottlingException: Rate exceeded');
});
