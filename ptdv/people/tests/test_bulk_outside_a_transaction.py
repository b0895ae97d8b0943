"""people_create outside any transaction (a transactional test: the suite runs these after the others)."""

import pytest

from ptdv.people.bulk import NewPerson, people_create
from ptdv.people.tests.test_bulk import full_member


@pytest.mark.django_db(transaction=True)
def test_bulk_creation_outside_a_transaction_is_refused_like_an_unaudited_write(tree, clerk):
    data, history = full_member(tree, "Nguyễn Văn An", 5)
    with pytest.raises(RuntimeError):
        people_create(actor=clerk, people=[NewPerson(data, history)])
