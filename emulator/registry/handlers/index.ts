/** Registers every `/v2/<name>/…` route (imported once by emulator/registry/index.ts); uploads before blobs. */

import { addRoutes } from "../routes";
import { blobRoutes } from "./blobs";
import { listingRoutes } from "./listing";
import { manifestRoutes } from "./manifests";
import { uploadRoutes } from "./uploads";

addRoutes([...uploadRoutes, blobRoutes, manifestRoutes, ...listingRoutes]);
