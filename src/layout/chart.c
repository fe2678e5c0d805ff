/* chart: vector charts for the analytic report (not used by the passport). */
#include "chart.h"

#include <stdlib.h>

double chart_draw(const struct doc_chart *ch, const struct chart_env *env, double x0, double width,
		  struct item **items, size_t *n)
{
	(void)ch, (void)env, (void)x0, (void)width;
	*items = NULL;
	*n = 0;
	return 0;
}
