/**
 * The paper's self-consistency vote: Python's `Counter(votes).most_common(1)`. Counts are kept
 * in first-seen order and the sort is stable, so among tied answers the one seen first wins.
 */
export function majorityVote<T>(votes: readonly T[]): { winner: T; count: number } | null {
    const counts = new Map<T, number>();
    for (const vote of votes) counts.set(vote, (counts.get(vote) ?? 0) + 1);
    let winner: { winner: T; count: number } | null = null;
    for (const [vote, count] of counts) if (winner === null || count > winner.count) winner = { winner: vote, count };
    return winner;
}
