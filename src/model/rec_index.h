/* rec_index: the records of each graduate in date order, an index over the model's records
 * that the rules read (passport fields per half-year, the half-year rule, report gaps).
 * Invariant: built after model_check resolved record → graduate; a record whose graduate is
 * not in the model is left out; within a graduate, records are sorted by date, then by
 * their order in the input. */
#ifndef PT_REC_INDEX_H
#define PT_REC_INDEX_H

#include <stddef.h>

#include "model/model.h"

/* Records of each graduate: order[start[g]] … order[start[g + 1] - 1] are the indexes into
 * m->records of graduate g's records. */
struct rec_index {
	size_t *order; /* record indexes grouped by graduate */
	size_t *start; /* ngraduates + 1 offsets into order */
};

/* Builds the index for m (borrowed; the index keeps no pointer into it). Free with
 * rec_index_free. */
void rec_index_build(struct rec_index *ri, const struct model *m);
/* Frees what rec_index_build allocated and zeroes ri. */
void rec_index_free(struct rec_index *ri);

#endif
