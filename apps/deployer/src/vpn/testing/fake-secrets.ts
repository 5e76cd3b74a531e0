// A Secrets Manager of one fake account for the VPN CA's passphrase: CreateSecret and
// GetSecretValue answer as the service does, refusing what it refuses
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html,
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html).
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

const smError = (name: string, message: string) => new SecretsManagerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

export interface FakeSecret { value: string; kmsKeyId: string | undefined }

export class FakeSecrets {
  readonly secrets = new Map<string, FakeSecret>();

  /** A client of this fake account: one per operator, one account behind them. */
  client(region = 'us-east-1', account = '123456789012'): SecretsManagerClient {
    const client = new SecretsManagerClient({ region });
    const mock = mockClient(client);
    mock.onAnyCommand().rejects(new Error('fake Secrets Manager: a call this fake does not model'));
    mock.on(CreateSecretCommand).callsFake(async (input) => {
      const name = input.Name ?? '';
      // names: 1-512 characters of letters, digits and /_+=.@-
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw smError('InvalidParameterException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
      if (this.secrets.has(name)) throw smError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      if (input.SecretString === undefined && input.SecretBinary === undefined) throw smError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
      this.secrets.set(name, { value: input.SecretString ?? '', kmsKeyId: input.KmsKeyId });
      return { ARN: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf`, Name: name, VersionId: 'v1' };
    });
    mock.on(GetSecretValueCommand).callsFake(async (input) => {
      const s = this.secrets.get(input.SecretId ?? '');
      if (!s) throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return { Name: input.SecretId, SecretString: s.value, VersionId: 'v1' };
    });
    return client;
  }
}
