import { UserError } from "../../util/errors.js";

/** MediTron's published continued-pretraining hyper-parameters (README tables, paper §3-4, pretrain/finetune.sh). */
export interface MeditronTrainingPreset {
    readonly size: "7b" | "70b";
    readonly tensorParallel: number;
    readonly pipelineParallel: number;
    readonly dataParallel: number;
    readonly microBatch: number;
    readonly globalBatch: number;
    readonly seqLength: number;
    readonly lr: number;
    readonly minLr: number;
    readonly warmupIters: number;
}

export const MEDITRON_TRAINING_PRESETS: Readonly<Record<"7b" | "70b", MeditronTrainingPreset>> = {
    "7b": { size: "7b", tensorParallel: 4, pipelineParallel: 1, dataParallel: 16, microBatch: 10, globalBatch: 1600, seqLength: 2048, lr: 3e-4, minLr: 1e-6, warmupIters: 2000 },
    "70b": { size: "70b", tensorParallel: 8, pipelineParallel: 8, dataParallel: 2, microBatch: 2, globalBatch: 512, seqLength: 4096, lr: 1.5e-4, minLr: 1e-6, warmupIters: 2000 }
};

export interface MegatronScriptOptions {
    readonly size: "7b" | "70b";
    /** Dataset prefixes (without .bin/.idx). */
    readonly trainPrefix: string;
    readonly validationPrefix: string;
    /** Tokens in the train and validation datasets (from stats.json), to size train_iters and eval_iters. */
    readonly trainTokens: number;
    readonly validationTokens: number;
    /** The cosine schedule spans this many epochs while training runs one (MediTron: 2, so the final LR stays high). */
    readonly decayEpochs?: number;
    readonly gpusPerNode?: number;
}

/**
 * Writes the bash launch script for continued pretraining with Megatron-LLM's `finetune.py`, with the flags of
 * MediTron's `pretrain/finetune.sh` and the production schedule from the paper (cosine, 2000 warmup
 * iterations, decay over `decayEpochs` epochs). Paths that depend on the cluster are variables at the top.
 */
export function megatronLaunchScript(options: MegatronScriptOptions): string {
    const preset = MEDITRON_TRAINING_PRESETS[options.size];
    if (preset === undefined) throw new UserError(`unknown model size "${options.size}"`, { expected: "7b or 70b" });
    const gpusPerNode = options.gpusPerNode ?? 8;
    const worldSize = preset.tensorParallel * preset.pipelineParallel * preset.dataParallel;
    if (worldSize % gpusPerNode !== 0) throw new UserError(`${worldSize} GPUs do not fill nodes of ${gpusPerNode}`, { expected: "a GPU count per node that divides TP x PP x DP" });
    const nodes = worldSize / gpusPerNode;
    const tokensPerIter = preset.globalBatch * preset.seqLength;
    const trainIters = Math.max(1, Math.ceil(options.trainTokens / tokensPerIter));
    const decayIters = Math.ceil(trainIters * (options.decayEpochs ?? 2));
    const evalIters = Math.max(1, Math.ceil(options.validationTokens / tokensPerIter));
    const lines = [
        "#!/bin/bash",
        `# MediTron-${preset.size.toUpperCase()} continued pretraining on the GAP-Replay corpus built by \`meditron corpus build\`.`,
        `# Hyper-parameters: MediTron README / paper (TP=${preset.tensorParallel} PP=${preset.pipelineParallel} DP=${preset.dataParallel}, micro ${preset.microBatch}, global ${preset.globalBatch}, seq ${preset.seqLength},`,
        `# lr ${preset.lr} -> ${preset.minLr} cosine, ${preset.warmupIters} warmup iters, AdamW (0.9, 0.95) eps 1e-5, wd 0.1, clip 1.0, bf16).`,
        `# ${options.trainTokens} train tokens / (${preset.globalBatch} x ${preset.seqLength}) = ${trainIters} iterations (1 epoch); the cosine decays over ${decayIters} (${options.decayEpochs ?? 2} epochs), as in the paper.`,
        `# Run this script on each of the ${nodes} nodes (${gpusPerNode} GPUs each) with NODE_RANK set; edit the paths below.`,
        "set -euo pipefail",
        "",
        `MEGATRON=\${MEGATRON:-./Megatron-LLM}                     # epfLLM/Megatron-LLM checkout`,
        `LLAMA_TOKENIZER=\${LLAMA_TOKENIZER:-./llama2/tokenizer.model}  # Llama-2 SentencePiece model`,
        `LOAD=\${LOAD:-./checkpoints/llama2-${preset.size}-tp${preset.tensorParallel}-pp${preset.pipelineParallel}}  # Llama-2 base weights converted to Megatron (weights_conversion/hf_to_megatron.py)`,
        `SAVE=\${SAVE:-./checkpoints/meditron-${preset.size}}`,
        `TENSORBOARD=\${TENSORBOARD:-./tensorboard/meditron-${preset.size}}`,
        `NNODES=\${NNODES:-${nodes}}`,
        "NODE_RANK=${NODE_RANK:-0}",
        "MASTER_ADDR=${MASTER_ADDR:-localhost}",
        "MASTER_PORT=${MASTER_PORT:-6001}",
        `GPUS_PER_NODE=\${GPUS_PER_NODE:-${gpusPerNode}}`,
        "",
        `TRAIN_DATA_PATH=${JSON.stringify(options.trainPrefix)}`,
        `VALID_DATA_PATH=${JSON.stringify(options.validationPrefix)}`,
        "",
        "CUDA_DEVICE_MAX_CONNECTIONS=1 OMP_NUM_THREADS=16 torchrun \\",
        "    --nproc_per_node $GPUS_PER_NODE --nnodes $NNODES --node_rank $NODE_RANK --master_addr $MASTER_ADDR --master_port $MASTER_PORT \\",
        "    $MEGATRON/finetune.py \\",
        `    --tensor_model_parallel_size ${preset.tensorParallel} \\`,
        `    --pipeline_model_parallel_size ${preset.pipelineParallel} \\`,
        "    --load $LOAD \\",
        "    --save $SAVE \\",
        "    --tensorboard_dir $TENSORBOARD \\",
        "    --model_name llama2 \\",
        "    --tokenizer_type SentencePieceTokenizer \\",
        "    --vocab_file=$LLAMA_TOKENIZER \\",
        "    --vocab_extra_ids_list \"[bib_ref],[/bib_ref],[fig_ref],[/fig_ref],[bib],[/bib],[fig],[/fig],[table],[/table],[formula],[/formula]\" \\",
        "    --use_rms_norm --glu_activation swiglu --no_tie_embed_logits --layernorm_epsilon 1e-5 \\",
        "    --bf16 \\",
        `    --micro_batch_size ${preset.microBatch} \\`,
        `    --global_batch_size ${preset.globalBatch} \\`,
        "    --use_flash_attn --no_bias_gelu_fusion --no_bias_dropout_fusion \\",
        `    --seq_length ${preset.seqLength} --max_position_embeddings ${preset.seqLength} \\`,
        "    --position_embedding_type rotary \\",
        "    --hidden_dropout 0.0 --attention_dropout 0.0 \\",
        "    --adam_beta1 0.9 --adam_beta2 0.95 --adam_eps 1e-5 --weight_decay 0.1 --clip_grad 1.0 \\",
        `    --lr_decay_style cosine --lr_warmup_iters ${preset.warmupIters} --lr ${preset.lr} --min_lr ${preset.minLr} --lr_decay_iters ${decayIters} \\`,
        `    --train_iters ${trainIters} \\`,
        "    --sequence_parallel --recompute_granularity selective \\",
        "    --use_checkpoint_args \\",
        "    --train_data_path $TRAIN_DATA_PATH \\",
        "    --valid_data_path $VALID_DATA_PATH \\",
        `    --eval_iters ${evalIters} --eval_interval 1000 --save_interval 1000 --log_interval 1 \\`,
        "    --log_validation_ppl_to_tensorboard \\",
        "    --num_workers 2",
        ""
    ];
    return lines.join("\n");
}
