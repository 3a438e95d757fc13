// TEST stand-in for the minio-init job (test-stack/compose.test.yml): creates the app and
// PITR buckets through the S3 API with the keys from the service's secrets, as
// compose/minio/init.sh does with mc against MinIO. s3rver has no users or policies, so
// that half of init.sh has no counterpart here. Runs in the backend image (its SDK).
import { readFileSync } from 'node:fs';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';

const secret = (name) => readFileSync(`/run/secrets/${name}`, 'utf8').trim();

async function bucket(name, keyName, secretName) {
  const s3 = new S3Client({
    endpoint: process.env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: secret(keyName), secretAccessKey: secret(secretName) },
  });
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    console.log(`compose-s3-init: bucket ${name} exists`);
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    console.log(`compose-s3-init: bucket ${name} created`);
  }
}

await bucket(process.env.S3_BUCKET, 's3_access_key', 's3_secret_key');
if (process.env.PITR_S3_BUCKET)
  await bucket(process.env.PITR_S3_BUCKET, 'pitr_s3_access_key', 'pitr_s3_secret_key');
