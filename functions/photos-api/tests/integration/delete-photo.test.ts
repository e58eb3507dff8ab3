import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { newId } from "@shoebox/runtime";
import { type PhotoItem, thumbnailKey } from "@shoebox/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyOf,
  type LocalPhotosApi,
  ownerOf,
  photoItem,
  putPhotoItems,
  RESOURCES,
  startPhotosApi,
} from "../helpers/local-aws.ts";

const ALICE = "alice-subject";
const BOB = "bob-subject";
const IMAGE = { width: 4032, height: 3024, format: "jpeg", bytes: 19, sha256: "b".repeat(64) };

let api: LocalPhotosApi;
const s3 = new S3Client({ forcePathStyle: true });
const sfn = new SFNClient({});

beforeAll(async () => {
  api = await startPhotosApi({ USER_REQUESTS_PER_SECOND: "0" });
});

afterAll(async () => api?.moto.stop());

const deleteAs = (subject: string, id: string) =>
  api.call({ method: "DELETE", route: "/photos/{id}", pathParameters: { id }, subject });

/** Every S3 object of a photo: its original and each thumbnail, by bucket. */
const objectsOf = (photo: PhotoItem) => [
  { Bucket: RESOURCES.uploadsBucket, Key: photo.uploadKey },
  ...Object.values(photo.thumbnails ?? {}).map((Key) => ({ Bucket: RESOURCES.thumbnailsBucket, Key })),
];

/** A photo as the thumbnail function leaves it: original and thumbnails stored, outcome recorded and announced. */
const storedPhoto = async (subject: string, overrides: Partial<PhotoItem> = {}): Promise<PhotoItem> => {
  const photoId = newId();
  const ownerId = ownerOf(subject);
  const photo = photoItem(subject, photoId, {
    status: "PROCESSED",
    image: IMAGE,
    thumbnails: {
      small: thumbnailKey(ownerId, photoId, "small"),
      medium: thumbnailKey(ownerId, photoId, "medium"),
    },
    notifiedAt: new Date().toISOString(),
    ...overrides,
  });
  await Promise.all(
    objectsOf(photo).map((object) => s3.send(new PutObjectCommand({ ...object, Body: "bytes" }))),
  );
  await putPhotoItems([photo]);
  return photo;
};

const itemOf = async (photo: PhotoItem) =>
  (
    await DynamoDBDocumentClient.from(new DynamoDBClient({})).send(
      new GetCommand({
        TableName: RESOURCES.photosTable,
        Key: { ownerId: photo.ownerId, photoId: photo.photoId },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** Whether a plain GET (no version) would still find the object. */
const isReadable = (object: { Bucket: string; Key: string }) =>
  s3.send(new HeadObjectCommand(object)).then(
    () => true,
    (error: { name?: string }) => (error.name === "NotFound" ? false : Promise.reject(error)),
  );

describe("DELETE /photos/{id}", () => {
  it("deletes the caller's photo: its original, every thumbnail and its item", async () => {
    // Prepare
    const photo = await storedPhoto(ALICE);

    // Act
    const response = await deleteAs(ALICE, photo.photoId);

    // Assess
    expect(response.statusCode).toBe(204);
    expect(response.body).toBeUndefined();
    expect(await itemOf(photo)).toBeUndefined();
    for (const object of objectsOf(photo)) expect(await isReadable(object)).toBe(false);
    const read = await api.call({
      method: "GET",
      route: "/photos/{id}",
      pathParameters: { id: photo.photoId },
      subject: ALICE,
    });
    expect(read.statusCode).toBe(404);
  });

  it("leaves each object's bytes as a noncurrent version behind a delete marker, for the buckets' lifecycle to expire", async () => {
    const photo = await storedPhoto(ALICE);

    await deleteAs(ALICE, photo.photoId);

    for (const object of objectsOf(photo)) {
      const versions = await s3.send(
        new ListObjectVersionsCommand({ Bucket: object.Bucket, Prefix: object.Key }),
      );
      expect(versions.DeleteMarkers?.map((marker) => marker.IsLatest)).toEqual([true]);
      expect(versions.Versions?.map((version) => version.IsLatest)).toEqual([false]);
    }
  });

  it("answers a second DELETE with 404, as for any id the caller has no photo under", async () => {
    const photo = await storedPhoto(ALICE);

    const first = await deleteAs(ALICE, photo.photoId);
    const second = await deleteAs(ALICE, photo.photoId);

    expect(first.statusCode).toBe(204);
    expect(second.statusCode).toBe(404);
    expect(bodyOf(second)).toEqual({ message: "photo not found" });
  });

  it("deletes once when two DELETEs arrive together: one 204, one 404", async () => {
    const photo = await storedPhoto(ALICE);

    const responses = await Promise.all([deleteAs(ALICE, photo.photoId), deleteAs(ALICE, photo.photoId)]);

    expect(responses.map((response) => response.statusCode).sort()).toEqual([204, 404]);
    expect(await itemOf(photo)).toBeUndefined();
  });

  it.each([
    ["another user's photo", async () => (await storedPhoto(BOB)).photoId],
    ["an unknown id", async () => newId()],
    ["a malformed id", async () => "../../etc"],
  ])("answers 404 for %s, the same answer, and touches nothing", async (_, photoId) => {
    const id = await photoId();

    const response = await deleteAs(ALICE, id);

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ message: "photo not found" });
  });

  it("leaves another user's photo whole when its id is asked for", async () => {
    const bobs = await storedPhoto(BOB);

    await deleteAs(ALICE, bobs.photoId);

    expect(await itemOf(bobs)).toBeDefined();
    for (const object of objectsOf(bobs)) expect(await isReadable(object)).toBe(true);
  });

  it("deletes a FAILED photo, which has an original and no thumbnails", async () => {
    const photo = await storedPhoto(ALICE, {
      status: "FAILED",
      failureCode: "NOT_AN_IMAGE",
      failureReason: "the upload is not an image",
      thumbnails: {},
    });

    const response = await deleteAs(ALICE, photo.photoId);

    expect(response.statusCode).toBe(204);
    expect(await isReadable({ Bucket: RESOURCES.uploadsBucket, Key: photo.uploadKey })).toBe(false);
  });

  it.each([
    ["a PENDING photo (its upload may still arrive)", { status: "PENDING" as const, notifiedAt: undefined }],
    [
      "a decided photo whose outcome is not announced yet (its batch has not counted it)",
      { notifiedAt: undefined },
    ],
  ])("refuses %s with 409, and deletes nothing", async (_, state) => {
    const photo = await storedPhoto(ALICE, state);

    const response = await deleteAs(ALICE, photo.photoId);

    expect(response.statusCode).toBe(409);
    expect(String(bodyOf(response).message)).toMatch(/^the photo('s outcome)? is still being/);
    expect(await itemOf(photo)).toBeDefined();
    for (const object of objectsOf(photo)) expect(await isReadable(object)).toBe(true);
  });

  it("refuses a receipt while its workflow runs (reading it, or waiting for review), and deletes it once the workflow ended", async () => {
    // Prepare: receipt-starter names the execution after the photo.
    const receipt = await storedPhoto(ALICE, { kind: "receipt" });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: api.workflowArn, name: receipt.photoId, input: "{}" }),
    );

    // Act
    const whileRunning = await deleteAs(ALICE, receipt.photoId);
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const afterwards = await deleteAs(ALICE, receipt.photoId);

    // Assess
    expect(whileRunning.statusCode).toBe(409);
    expect(bodyOf(whileRunning).message).toMatch(/waits for your review/);
    expect(afterwards.statusCode).toBe(204);
    expect(await itemOf(receipt)).toBeUndefined();
  });

  it("deletes a receipt whose workflow has not started (receipt-starter then finds it gone and skips it)", async () => {
    const receipt = await storedPhoto(ALICE, { kind: "receipt" });

    const response = await deleteAs(ALICE, receipt.photoId);

    expect(response.statusCode).toBe(204);
  });
});
