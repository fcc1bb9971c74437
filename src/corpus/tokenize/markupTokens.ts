/**
 * MediTron's tokenizer = Llama-2 SentencePiece (32,000 pieces) + the 17 tokens Megatron-LLM's
 * `_SentencePieceTokenizer` appends (`new_tokens=True`, `--vocab_extra_ids_list` of the 12 markup tokens).
 */
export const MEDITRON_ADDED_TOKENS: readonly (readonly [string, number])[] = [
    ["<CLS>", 32000], ["<SEP>", 32001], ["<EOD>", 32002], ["<MASK>", 32003], ["<PAD>", 32004],
    ["[bib_ref]", 32005], ["[/bib_ref]", 32006], ["[fig_ref]", 32007], ["[/fig_ref]", 32008],
    ["[bib]", 32009], ["[/bib]", 32010], ["[fig]", 32011], ["[/fig]", 32012],
    ["[table]", 32013], ["[/table]", 32014], ["[formula]", 32015], ["[/formula]", 32016]
];

export const EOD_TOKEN_ID = 32002;
export const MEDITRON_VOCAB_SIZE = 32017;

/**
 * Every string Megatron's tokenizer splits out of the text before SentencePiece: the added tokens plus
 * `<s>` and `</s>` (it registers BOS/EOS as special tokens too), in its registration order.
 */
export const MEGATRON_SPECIAL_TOKENS: readonly (readonly [string, number])[] = [
    ...MEDITRON_ADDED_TOKENS.slice(0, 5), ["<s>", 1], ["</s>", 2], ...MEDITRON_ADDED_TOKENS.slice(5)
];
