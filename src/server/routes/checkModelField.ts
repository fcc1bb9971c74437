import { ApiError } from "../ApiError.js";
import { optionalString, type JsonObject } from "../readFields.js";

/** The `model` field must name the served model (or be left out); returns the name to echo back. */
export function checkModelField(request: JsonObject, served: string): string {
    const requested = optionalString(request, "model");
    if (requested === undefined || requested === served) return served;
    throw new ApiError(404, `the model ${JSON.stringify(requested)} does not exist; this server serves ${JSON.stringify(served)} (see GET /v1/models)`, {
        param: "model",
        code: "model_not_found"
    });
}
