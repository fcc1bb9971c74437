/**
 * The JSON body of a fetch response, typed loosely: tests assert on its shape field by field
 * (Node's fetch types `json()` as unknown).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(response: Response | Promise<Response>): Promise<any> {
    return (await response).json();
}
