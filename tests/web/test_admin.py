from django.urls import reverse

from dangvu.members.models import Member


def test_admin_lists_are_read_only(client, world):
    client.force_login(world.root_user)
    for name in ["core_auditentry", "orgs_organization", "orgs_orgevent", "members_member", "members_memberevent",
                 "accounts_assignment"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:members_member_add")).status_code == 403
    r = client.post(reverse("admin:members_member_delete", args=[world.hanh.pk]), {"post": "yes"})
    assert r.status_code == 403 and Member.objects.filter(pk=world.hanh.pk).exists()
